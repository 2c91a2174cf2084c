/**
 * The live stream (DESIGN §12, §16): `GET /v1/widget/stream` tells the widget when the
 * config changed (`config`, its ETag) and when availability changed (`availability`).
 *
 * A stream is held only while the page is visible: a background tab closes it, so it does
 * not keep one of the browser's few connections per origin. Every reopen (the page shown
 * again, an error, the server ending the stream on shutdown) waits a random 0–5 s, so a
 * restart does not bring every widget back in the same second; the EventSource's own retry
 * is not used (it retries a dropped stream without jitter, and a refused one never). Each
 * further failure in a row doubles the window (up to 80 s), so a refused stream is not hammered.
 * Without EventSource, availability is read once at load.
 */
import type { Availability } from './types';

const REOPEN_JITTER_MS = 5_000;
const MAX_BACKOFF_DOUBLINGS = 4;

export interface LiveHandlers {
  config(etag: string): void;
  availability(availability: Availability): void;
}

function parsed(data: unknown): unknown {
  try {
    return JSON.parse(String(data));
  } catch {
    return null;
  }
}

export function followLiveUpdates(base: string, on: LiveHandlers): void {
  if (!window.EventSource) {
    fetch(`${base}/v1/widget/availability`, { credentials: 'omit' })
      .then((response) => (response.ok ? response.json() : null))
      .then((body: Availability | null) => body && on.availability(body))
      .catch(() => console.warn('livechat-triggers: the chat service is unreachable'));
    return;
  }
  let source: EventSource | null = null;
  let reopening: ReturnType<typeof setTimeout> | undefined;
  /** Failures since the last event heard: each after the first doubles the reopen window. */
  let failures = 0;

  const close = () => {
    source?.close();
    source = null;
    clearTimeout(reopening);
    reopening = undefined;
  };
  const reopenLater = () => {
    if (source || reopening !== undefined) return;
    const spread = REOPEN_JITTER_MS * 2 ** Math.min(Math.max(0, failures - 1), MAX_BACKOFF_DOUBLINGS);
    reopening = setTimeout(open, Math.random() * spread);
  };
  const open = () => {
    reopening = undefined;
    if (source || document.visibilityState !== 'visible') return;
    try {
      source = new EventSource(`${base}/v1/widget/stream`);
    } catch {
      return; // never break the host page (a URL this browser refuses): no live updates then
    }
    source.addEventListener('config', (event) => {
      failures = 0;
      const etag = (parsed(event.data) as { etag?: unknown } | null)?.etag;
      if (typeof etag === 'string') on.config(etag);
    });
    source.addEventListener('availability', (event) => {
      failures = 0;
      const body = parsed(event.data) as Availability | null;
      if (Array.isArray(body?.departments)) on.availability(body);
    });
    source.onerror = () => {
      failures += 1;
      close();
      reopenLater();
    };
  };

  document.addEventListener('visibilitychange', () => (document.visibilityState === 'visible' ? reopenLater() : close()));
  open();
}
