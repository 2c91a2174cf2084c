import Redis from 'ioredis';

/** At most one warning per this long per client: a Redis outage must not flood the log. */
const WARN_EVERY_MS = 30_000;

/**
 * A Redis client for shared state that must never hold a request up: it fails a command
 * at once while disconnected (no offline queue, one retry) and gives up connecting after
 * 500 ms, reconnecting in the background. Callers treat a failure as "no shared state".
 */
export function createSharedStateClient(url: string, warn: (error: Error) => void): Redis {
  const client = new Redis(url, { connectTimeout: 500, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  let lastWarning = 0;
  client.on('error', (error: Error) => {
    const now = Date.now();
    if (now - lastWarning < WARN_EVERY_MS) return;
    lastWarning = now;
    warn(error);
  });
  return client;
}
