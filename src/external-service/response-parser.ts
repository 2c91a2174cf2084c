import type { ExternalMessage, FailureReason } from './external-outcome';

export const MAX_CONTENTS = 10;
export const MAX_MESSAGE_LENGTH = 5000;

export type ParsedResponse =
  | { readonly ok: true; readonly messages: readonly ExternalMessage[] }
  | { readonly ok: false; readonly reason: Extract<FailureReason, 'invalid-json' | 'invalid-contents'> };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Validates a 200 response body: JSON (whatever the declared content type, as Rocket.Chat
 * reads it) holding `contents`, a non-empty array of at most 10 `{msg, order}` items.
 * Returns the messages sorted by `order`; ties keep the service's order (the sort is stable).
 * Only `msg` and `order` are kept, whatever else an item carries.
 */
export function parseServiceResponse(body: Uint8Array): ParsedResponse {
  let document: unknown;
  try {
    document = JSON.parse(utf8.decode(body));
  } catch {
    return { ok: false, reason: 'invalid-json' };
  }
  const messages = readContents(document);
  if (!messages) return { ok: false, reason: 'invalid-contents' };
  return { ok: true, messages: [...messages].sort((a, b) => a.order - b.order) };
}

function readContents(document: unknown): ExternalMessage[] | undefined {
  if (!isRecord(document)) return undefined;
  const contents = document.contents;
  if (!Array.isArray(contents) || contents.length === 0 || contents.length > MAX_CONTENTS) return undefined;
  const messages: ExternalMessage[] = [];
  for (const item of contents) {
    if (!isRecord(item) || !isMessageText(item.msg) || !isFiniteNumber(item.order)) return undefined;
    messages.push({ msg: item.msg, order: item.order });
  }
  return messages;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Non-blank, at most 5000 characters (counted in code points, like the DTO limits). */
function isMessageText(value: unknown): value is string {
  if (typeof value !== 'string' || value.trim() === '') return false;
  return value.length <= MAX_MESSAGE_LENGTH || [...value].length <= MAX_MESSAGE_LENGTH;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
