import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';

/** With `TEST_REDIS_URL` set, the suites of shared state run against that Redis. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL || undefined;

/** `describe` when Redis is available, else a skipped one whose title says how to run it. */
export function describeWithRedis(title: string, body: () => void): void {
  if (TEST_REDIS_URL) describe(title, body);
  else describe.skip(`${title} (skipped: set TEST_REDIS_URL)`, body);
}

/** A key prefix no other run or test uses. */
export function uniqueRedisPrefix(): string {
  return `lt-test-${process.pid}-${randomBytes(4).toString('hex')}:`;
}

/** Deletes every key under `prefix`. */
export async function deleteRedisKeys(prefix: string): Promise<void> {
  if (!TEST_REDIS_URL) return;
  const redis = new Redis(TEST_REDIS_URL);
  try {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}
