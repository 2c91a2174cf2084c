import { randomBytes } from 'node:crypto';
import { pageUrl, sendMessage } from './builders';

/** One request as seen from outside the service: a status, or how the socket failed. */
export interface Outcome {
  readonly label: string;
  readonly startedAt: number;
  readonly ms: number;
  readonly status?: number;
  readonly contentType?: string;
  readonly retryAfter?: string;
  readonly body?: string;
  /** Reset, refused or hung (no answer within the timeout). */
  readonly networkError?: string;
}

export interface CallOptions {
  method?: string;
  key?: string;
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/** fetch that never throws: network failures and timeouts become part of the outcome. */
export async function call(baseUrl: string, path: string, options: CallOptions = {}, label = path): Promise<Outcome> {
  const startedAt = Date.now();
  const headers: Record<string, string> = { ...options.headers };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  try {
    const res = await fetch(`${baseUrl}${path}`, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    const body = await res.text();
    return {
      label,
      startedAt,
      ms: Date.now() - startedAt,
      status: res.status,
      contentType: res.headers.get('content-type') ?? undefined,
      retryAfter: res.headers.get('retry-after') ?? undefined,
      body,
    };
  } catch (error) {
    const e = error as Error & { cause?: { code?: string } };
    return { label, startedAt, ms: Date.now() - startedAt, networkError: `${e.name}: ${e.cause?.code ?? e.message}` };
  }
}

/** A 503 the way DESIGN §10 wants it: problem+json with Retry-After. */
export function isProperUnavailable(o: Outcome): boolean {
  return o.status === 503 && /application\/problem\+json/.test(o.contentType ?? '') && !!o.retryAfter;
}

export const succeeded = (o: Outcome): boolean => o.status !== undefined && o.status < 400;

export interface MixedLoadOptions {
  baseUrl: string;
  managerKey: string;
  connections: number;
  durationMs: number;
  /** Triggers a reader may look up. */
  triggerIds: readonly string[];
}

/**
 * Each connection loops over a mix: widget events (60%), admin reads (25%) and trigger
 * creations (15%), one request at a time, until the duration is over.
 */
export async function runMixedLoad(options: MixedLoadOptions): Promise<{ outcomes: Outcome[]; createdIds: string[] }> {
  const outcomes: Outcome[] = [];
  const createdIds: string[] = [];
  const until = Date.now() + options.durationMs;
  const worker = async (n: number) => {
    const token = `load-${n}-${randomBytes(6).toString('hex')}`;
    for (let i = 0; Date.now() < until; i++) {
      const pick = i % 20;
      let outcome: Outcome;
      if (pick < 12) {
        outcome = await call(
          options.baseUrl,
          `/v1/widget/visitors/${token}/events`,
          {
            method: 'POST',
            body: { type: 'page-view', url: i % 2 ? 'https://shop.example/contact' : 'https://shop.example/' },
          },
          'event',
        );
      } else if (pick < 17) {
        const id = options.triggerIds[i % options.triggerIds.length];
        outcome = await call(options.baseUrl, pick % 2 ? `/v1/triggers/${id}` : '/v1/triggers?limit=20', { key: options.managerKey }, 'read');
      } else {
        outcome = await call(options.baseUrl, '/v1/triggers', { method: 'POST', key: options.managerKey, body: triggerInput(`load ${n}-${i}`) }, 'create');
        if (outcome.status === 201) createdIds.push(JSON.parse(outcome.body!).id);
      }
      outcomes.push(outcome);
    }
  };
  await Promise.all(Array.from({ length: options.connections }, (_, n) => worker(n)));
  return { outcomes, createdIds };
}

export function triggerInput(name: string): Record<string, unknown> {
  return {
    name: `${name} ${randomBytes(3).toString('hex')}`,
    conditions: [pageUrl('.*/contact')],
    actions: [sendMessage('Hi')],
  };
}

/** Polls `probe` until it holds; returns the milliseconds it took (or Infinity at the deadline). */
export async function msUntil(probe: () => Promise<boolean>, deadlineMs: number, everyMs = 100): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < deadlineMs) {
    if (await probe()) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return Infinity;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
