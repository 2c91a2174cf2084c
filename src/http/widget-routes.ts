/**
 * Paths the livechat widget calls from customers' sites: they answer CORS, are rate-limited
 * per client IP and may be read cross-origin. Admin routes are none of these. The patterns
 * match both request URLs and route templates (`:_id`).
 */
const WIDGET_PATHS: readonly RegExp[] = [
  /^\/v1\/widget\//,
  /^\/widget\//,
  /^\/api\/v1\/livechat\/config(\?|$)/,
  /^\/api\/v1\/livechat\/agent\.next\//,
  /^\/api\/v1\/livechat\/triggers\/[^/?]+\/external-service\/call(\?|$)/,
];

export function isWidgetPath(path: string): boolean {
  return WIDGET_PATHS.some((pattern) => pattern.test(path));
}
