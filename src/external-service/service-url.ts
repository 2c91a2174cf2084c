import { isIPv4 } from 'node:net';

export const MAX_SERVICE_URL_LENGTH = 2048;

/** Where a call goes, as the SSRF guard and the connector need it. */
export interface ServiceTarget {
  readonly url: URL;
  /** `scheme://host:port` for the HTTP client (the Host header is taken from it). */
  readonly origin: string;
  /** The request target: path and query, never the fragment. */
  readonly path: string;
  /** The host to resolve, without IPv6 brackets. */
  readonly host: string;
  /** Set when the host is an IP literal (after WHATWG normalisation of `127.1`, `0x7f.1`, …). */
  readonly literalAddress?: string;
  /** TLS server name (SNI and certificate check): the host without a trailing dot; absent for IP literals. */
  readonly servername?: string;
  readonly port: number;
  /** `host:port` as written (lowercase, default port made explicit), matched against the allowlist. */
  readonly allowlistKey: string;
}

/** What is wrong with a service URL, or `undefined` when it may be saved and called. */
export function serviceUrlProblem(raw: unknown): string | undefined {
  const parsed = parseServiceUrl(raw);
  return parsed.ok ? undefined : parsed.problem;
}

/**
 * Absolute http(s) URL, at most 2048 characters, no user name or password. The WHATWG
 * parser normalises every IPv4 spelling (`127.1`, `0177.0.0.1`, `2130706433`, `0x7f000001`)
 * and IPv6 (`[0:0:0:0:0:0:0:1]` → `[::1]`), so literals are judged in one form.
 */
export function parseServiceUrl(raw: unknown): { ok: true; target: ServiceTarget } | { ok: false; problem: string } {
  if (typeof raw !== 'string') return { ok: false, problem: 'must be a string' };
  if (raw.length > MAX_SERVICE_URL_LENGTH) return { ok: false, problem: `must be at most ${MAX_SERVICE_URL_LENGTH} characters` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, problem: 'must be an absolute http or https URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, problem: 'must be an absolute http or https URL' };
  if (url.username !== '' || url.password !== '') return { ok: false, problem: 'must not carry a user name or password' };
  if (url.hostname === '') return { ok: false, problem: 'must name a host' };
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  const bracketed = url.hostname.startsWith('[');
  const host = bracketed ? url.hostname.slice(1, -1) : url.hostname;
  const literal = bracketed || isIPv4(host);
  return {
    ok: true,
    target: {
      url,
      origin: `${url.protocol}//${url.hostname}:${port}`,
      path: `${url.pathname}${url.search}`,
      host,
      ...(literal ? { literalAddress: host } : { servername: host.replace(/\.+$/, '') }),
      port,
      allowlistKey: `${url.hostname}:${port}`.toLowerCase(),
    },
  };
}
