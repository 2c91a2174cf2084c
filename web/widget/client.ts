/** The widget's one way to the service: never throws, and reports when a call is slow (typing). */
import type { Problem } from './types';

export type CallResult<T> = { ok: true; body: T } | { ok: false; message: string };

const REQUEST_TIMEOUT_MS = 35_000;
/** A call pending longer than this shows the typing indicator (external services take a while). */
const TYPING_AFTER_MS = 300;

function problemMessage(problem: Partial<Problem> | null, status: number): string {
  const first = problem?.errors?.[0];
  if (first) return first.message;
  return problem?.detail ?? `The chat service answered ${status}.`;
}

export function createClient(base: string, onTyping: (typing: boolean) => void) {
  let pending = 0;
  let typingTimer: ReturnType<typeof setTimeout> | null = null;

  function begin(): void {
    pending += 1;
    if (pending === 1) typingTimer = setTimeout(() => onTyping(true), TYPING_AFTER_MS);
  }
  function end(): void {
    pending -= 1;
    if (pending > 0) return;
    if (typingTimer) clearTimeout(typingTimer);
    typingTimer = null;
    onTyping(false);
  }

  return {
    async send<T>(method: string, path: string, body: unknown): Promise<CallResult<T>> {
      begin();
      const abort = new AbortController();
      const deadline = setTimeout(() => abort.abort(), REQUEST_TIMEOUT_MS);
      try {
        const response = await fetch(base + path, {
          method,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          credentials: 'omit',
          signal: abort.signal,
        });
        const json = (await response.json().catch(() => null)) as unknown;
        if (!response.ok) {
          console.warn(`livechat-triggers: ${method} ${path.replace(/visitors\/[^/]+/, 'visitors/…')} answered ${response.status}`);
          return { ok: false, message: problemMessage(json as Partial<Problem> | null, response.status) };
        }
        return { ok: true, body: json as T };
      } catch {
        console.warn('livechat-triggers: the chat service is unreachable');
        return { ok: false, message: 'The chat service is unreachable. Please try again later.' };
      } finally {
        clearTimeout(deadline);
        end();
      }
    },
    /**
     * Fire-and-forget (a dismissal): no typing indicator, no answer read, every failure
     * ignored; `keepalive`, so it still goes when the visitor leaves the page right after.
     */
    notify(path: string, body: unknown): void {
      const headers = { 'content-type': 'application/json' };
      fetch(base + path, { method: 'POST', headers, body: JSON.stringify(body), credentials: 'omit', keepalive: true }).catch(() => undefined);
    },
  };
}
