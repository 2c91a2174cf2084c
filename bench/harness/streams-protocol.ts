/**
 * What `bench/streams.ts` and its client processes (`stream-clients.ts`) say to each other
 * over IPC, and the line the service's GC preload (`gc-on-signal.ts`) prints. Times are
 * milliseconds of the system-wide monotonic clock ({@link monotonicMs}), so the bench and
 * its clients compare them directly.
 */

/** Milliseconds of CLOCK_MONOTONIC (libuv's hrtime): the same clock in every process of the machine. */
export const monotonicMs = (): number => Number(process.hrtime.bigint()) / 1e6;

export const GC_REPORT_MARKER = '[gc-on-signal] ';

export interface GcReport {
  readonly gc: boolean;
  readonly rss: number;
  readonly heapUsed: number;
  readonly heapTotal: number;
  readonly external: number;
  readonly arrayBuffers: number;
  /** How long the collections took, ms. */
  readonly gcMs: number;
}

export type ClientCommand =
  /** Open `count` streams, at most `window` of them waiting for their first events at a time. */
  | { readonly cmd: 'open'; readonly port: number; readonly path: string; readonly count: number; readonly window: number }
  /** From now on, note when each open stream hears its next `availability` event (it should say `online`). */
  | { readonly cmd: 'expect'; readonly online: boolean; readonly timeoutMs: number }
  /** From now on, note when each stream ends and its socket closes (the service is about to be stopped). */
  | { readonly cmd: 'watchShutdown'; readonly timeoutMs: number }
  /** Close every socket from this side. */
  | { readonly cmd: 'closeAll' };

export type ClientReport =
  | {
      readonly type: 'opened';
      readonly ok: number;
      readonly failed: number;
      /** Status codes of refused streams, and socket errors, with their counts. */
      readonly failures: Record<string, number>;
      readonly startedAt: number;
      /** When the last stream heard its first `availability` event. */
      readonly doneAt: number;
      /** The first stream's first `availability` data. */
      readonly sample?: string;
    }
  | { readonly type: 'expecting'; readonly open: number }
  | {
      readonly type: 'delivered';
      /** When each stream that heard it heard the event. */
      readonly times: number[];
      /** Streams that heard an `availability` event saying something else. */
      readonly wrong: number;
      /** Streams open when the expectation was set that had not heard it by the timeout (or closed). */
      readonly missing: number;
      /** Streams the server closed since they opened, before any shutdown (e.g. dropped as slow). */
      readonly closedEarly: number;
    }
  | { readonly type: 'watching'; readonly open: number }
  | {
      readonly type: 'shutdown';
      /** When each stream received the end of its response (the terminating chunk). */
      readonly endedAt: number[];
      /** When each socket closed. */
      readonly closedAt: number[];
      /** Sockets that ended with an error (reset) instead of a clean close. */
      readonly reset: number;
      /** Sockets closed without the response's end. */
      readonly cut: number;
      /** Sockets still open at the timeout. */
      readonly open: number;
    }
  | { readonly type: 'closed' };
