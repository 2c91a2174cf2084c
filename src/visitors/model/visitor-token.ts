/** Tokens are chosen by the widget: 8..128 characters of `[A-Za-z0-9_-]` (DESIGN §6). */
export const VISITOR_TOKEN_PATTERN = /^[A-Za-z0-9_-]{8,128}$/;

export function isVisitorToken(value: unknown): value is string {
  return typeof value === 'string' && VISITOR_TOKEN_PATTERN.test(value);
}
