import { get, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { createParser } from 'eventsource-parser';

export interface StreamEvent {
  readonly type: string;
  readonly data: string;
  /** `performance.now()` when it arrived. */
  readonly at: number;
}

/** An open `GET /v1/widget/stream`, read by a real HTTP client and parsed as EventSource does. */
export interface EventStream {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly events: StreamEvent[];
  readonly comments: string[];
  readonly retry?: number;
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  /** The first event of `type` (after `after` events of any type) that satisfies `matches`, waiting up to `timeoutMs`. */
  next(type: string, matches?: (data: string) => boolean, timeoutMs?: number, after?: number): Promise<StreamEvent>;
  close(): void;
}

/**
 * Opens the stream with node:http (closing it destroys the socket, as a browser's
 * EventSource.close() does; fetch keeps reading an aborted body to reuse the connection).
 * A refusal answers its status and headers, with the parsed body in `refusal`.
 */
export async function openStream(url: string, headers: Record<string, string> = {}): Promise<EventStream & { refusal?: unknown }> {
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    get(url, { headers: { accept: 'text/event-stream', ...headers }, agent: false }, resolve).on('error', reject);
  });
  const events: StreamEvent[] = [];
  const comments: string[] = [];
  const waiters = new Set<() => void>();
  let retry: number | undefined;
  const stream: EventStream & { refusal?: unknown } = {
    status: response.statusCode ?? 0,
    headers: response.headers,
    events,
    comments,
    get retry() {
      return retry;
    },
    ended: Promise.resolve(),
    async next(type, matches = () => true, timeoutMs = 5000, after = 0) {
      const found = () => events.slice(after).find((e) => e.type === type && matches(e.data));
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const event = found();
        if (event) return event;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no "${type}" event within ${timeoutMs} ms; got ${JSON.stringify(events.map((e) => [e.type, e.data]))}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.add(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    close: () => response.destroy(),
  };
  response.setEncoding('utf8');
  if (response.statusCode !== 200) {
    let body = '';
    for await (const chunk of response) body += chunk as string;
    stream.refusal = JSON.parse(body);
    return stream;
  }
  const parser = createParser({
    onEvent: (event) => {
      events.push({ type: event.event ?? 'message', data: event.data, at: performance.now() });
      for (const wake of [...waiters]) wake();
      waiters.clear();
    },
    onRetry: (ms) => (retry = ms),
    onComment: (comment) => comments.push(comment),
  });
  response.on('data', (chunk: string) => parser.feed(chunk));
  (stream as { ended: Promise<void> }).ended = new Promise((resolve) => response.on('close', resolve));
  return stream;
}
