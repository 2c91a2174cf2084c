import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { buildConnector } from 'undici';
import { isLocalhostName, judgeAddresses } from './address-guard';
import type { ServiceTarget } from './service-url';

/** `dns.lookup` with `all: true`; injectable so tests can play a resolver. */
export type LookupAll = (hostname: string) => Promise<readonly { address: string; family: number }[]>;

export const systemLookup: LookupAll = (hostname) => dnsLookup(hostname, { all: true });

/** The guard refused every way to reach the host (or one of its addresses). */
export class BlockedAddressError extends Error {
  constructor(readonly category: string) {
    super(`address refused (${category})`);
    this.name = 'BlockedAddressError';
  }
}

/** The host name did not resolve (fail closed: nothing is connected). */
export class ResolutionFailedError extends Error {
  constructor() {
    super('host name did not resolve');
    this.name = 'ResolutionFailedError';
  }
}

/**
 * Resolves the target once and checks EVERY address it resolves to; the caller connects
 * only to the returned address, so nothing is resolved again between check and connect
 * (no DNS-rebinding window). IPv4 is preferred when a name has both families.
 */
export async function resolveCheckedAddress(
  target: ServiceTarget,
  allowlist: ReadonlySet<string>,
  signal: AbortSignal,
  lookup: LookupAll = systemLookup,
): Promise<string> {
  const allowlisted = allowlist.has(target.allowlistKey);
  let addresses: string[];
  if (target.literalAddress !== undefined) {
    addresses = [target.literalAddress];
  } else if (isLocalhostName(target.host) && !allowlisted) {
    throw new BlockedAddressError('loopback');
  } else {
    const resolved = await abortable(lookup(target.host), signal).catch((error: unknown) => {
      if (signal.aborted) throw error;
      throw new ResolutionFailedError();
    });
    addresses = resolved.map((entry) => entry.address).filter((address) => isIP(address) !== 0);
  }
  const verdict = judgeAddresses(addresses, allowlisted);
  if (!verdict.allowed) throw new BlockedAddressError(verdict.category);
  return addresses.find((address) => isIP(address) === 4) ?? addresses[0];
}

/** An undici connector that always dials `address`, whatever host the client asks for. */
export function connectorTo(address: string, servername: string | undefined, timeoutMs: number): buildConnector.connector {
  const connect = buildConnector({ timeout: timeoutMs, keepAlive: false });
  return (options, callback) => connect({ ...options, hostname: address, servername: servername ?? undefined }, callback);
}

/** `promise`, or the abort reason (the deadline's error) as soon as `signal` aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: Error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
