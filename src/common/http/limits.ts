/** Request bodies are refused above this size (413): the byte cap wins over per-field limits (DESIGN §7). */
export const BODY_LIMIT_BYTES = 64 * 1024;

/** How long a request may take: above the 30 s maximum of an external-service call. */
export const REQUEST_TIMEOUT_MS = 35_000;
