import { LRUCache } from 'lru-cache';
import { UAParser } from 'ua-parser-js';
import type { DeviceClass } from '../conditions';

/** The classes a `device` rule tests (DESIGN §11) are the conditions' own. */
export type { DeviceClass } from '../conditions';

/**
 * A User-Agent is classified by its first 1,024 characters (the limit explain puts on
 * `userAgent`), so a client cannot fill the cache with huge keys; ua-parser-js itself reads
 * only the first 500.
 */
const MAX_USER_AGENT_LENGTH = 1024;
/** Distinct User-Agents remembered per instance: real traffic repeats a few hundred strings. */
const MAX_REMEMBERED_USER_AGENTS = 5_000;

// One parser for the process: setUA() then getDevice() is synchronous, so calls never interleave.
const parser = new UAParser();
const classified = new LRUCache<string, DeviceClass>({ max: MAX_REMEMBERED_USER_AGENTS });

/**
 * The device class of a request's `User-Agent`, as ua-parser-js 1.x (MIT; 2.x is AGPL) types
 * the device (DESIGN §16): `mobile` and `wearable` are mobile, `tablet` is a tablet, and
 * everything else (no type, `console`, `smarttv`, an empty or missing User-Agent) is desktop.
 *
 * iPadOS 13+ Safari asks for desktop sites by default and then sends a Mac User-Agent: the
 * server cannot tell it from a Mac (only the browser's touch points could), so it is desktop.
 * Client hints (`Sec-CH-UA-Mobile`) are not read.
 */
export function deviceClassOf(userAgent: string | undefined): DeviceClass {
  if (!userAgent) return 'desktop';
  const key = userAgent.slice(0, MAX_USER_AGENT_LENGTH);
  let deviceClass = classified.get(key);
  if (deviceClass === undefined) {
    deviceClass = classify(parser.setUA(key).getDevice().type);
    classified.set(key, deviceClass);
  }
  return deviceClass;
}

function classify(deviceType: string | undefined): DeviceClass {
  switch (deviceType) {
    case 'mobile':
    case 'wearable':
      return 'mobile';
    case 'tablet':
      return 'tablet';
    default:
      return 'desktop';
  }
}
