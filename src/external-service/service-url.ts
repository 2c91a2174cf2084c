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

/** What is wrong with a service URL, or `undefined` when it may be saved and called (saving a trigger and Send Test). */
export function serviceUrlProblem(raw: unknown): string | undefined {
  const parsed = parseServiceUrl(raw);
  return parsed.ok ? undefined : parsed.problem;
}

/**
 * The one service-URL rule (DESIGN §2), for saving a trigger, Send Test and the call itself:
 * an absolute http(s) URL written as one (`http://` or `https://` first: the parser also
 * takes `http:host` and `http:/host`), at most 2048 characters, with no space or control
 * character anywhere (the parser would quietly strip surrounding spaces and inner tabs or
 * line breaks, so the URL called would not be the one saved) and no user name or password,
 * not even an empty `@`. Problems read after the field name (`serviceUrl must …`).
 *
 * The WHATWG parser normalises every IPv4 spelling (`127.1`, `0177.0.0.1`, `2130706433`,
 * `0x7f000001`) and IPv6 (`[0:0:0:0:0:0:0:1]` → `[::1]`), so literals are judged in one form.
 */
export function parseServiceUrl(raw: unknown): { ok: true; target: ServiceTarget } | { ok: false; problem: string } {
  if (typeof raw !== 'string') return refused('must be a string');
  if (raw.length > MAX_SERVICE_URL_LENGTH) return refused(`must be at most ${MAX_SERVICE_URL_LENGTH} characters`);
  if (/[\s\p{Cc}]/u.test(raw)) return refused('must not contain spaces or control characters');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refused('must be an absolute http or https URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return refused('must use http or https');
  if (!/^https?:\/\//i.test(raw) || url.hostname === '') return refused('must be an absolute URL with a host');
  if (url.username !== '' || url.password !== '' || /^https?:\/\/[^/?#]*@/i.test(raw)) return refused('must not contain a user name or password');
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

function refused(problem: string): { ok: false; problem: string } {
  return { ok: false, problem };
}
