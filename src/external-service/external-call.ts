import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { Client } from 'undici';
import { discard, readCapped } from '../common/http/read-capped';
import { type CallOutcome, callFailure, type FailureReason, type MetadataEntry } from './external-outcome';
import { BlockedAddressError, connectorTo, type LookupAll, resolveCheckedAddress, systemLookup } from './guarded-connector';
import { parseServiceResponse } from './response-parser';
import { parseServiceUrl } from './service-url';
import { signRequest } from './signature';

/** The byte cap on a response body; it wins over the per-item limits. */
export const MAX_RESPONSE_BYTES = 64 * 1024;
const USER_AGENT = 'livechat-triggers (external-service)';

export interface ExternalRequest {
  readonly serviceUrl: string;
  /** One deadline for DNS, connect, headers and body, in ms. */
  readonly serviceTimeout: number;
  readonly visitorToken: string;
  readonly metadata: readonly MetadataEntry[];
  readonly secretToken: string;
}

export interface ExternalCallOptions {
  /** Exact lowercase `host:port` entries that may resolve to private addresses. */
  readonly allowlist: readonly string[];
  readonly lookup?: LookupAll;
}

class DeadlineExceeded extends Error {}

/**
 * The one outbound HTTP client of the service. Each call resolves and checks the host,
 * opens its own connection to the checked address (no pooling: a connection never outlives
 * the call and is never reused for an address checked earlier), sends one signed POST,
 * follows no redirect, reads at most 64 KiB, and is bounded by one overall deadline that
 * destroys the socket when it expires.
 */
export class ExternalCall {
  private readonly allowlist: ReadonlySet<string>;
  private readonly lookup: LookupAll;

  constructor(options: ExternalCallOptions) {
    this.allowlist = new Set(options.allowlist.map((entry) => entry.toLowerCase()));
    this.lookup = options.lookup ?? systemLookup;
  }

  private readonly logger = new Logger('ExternalService');

  async post(request: ExternalRequest): Promise<CallOutcome> {
    const outcome = await this.attempt(request);
    // the origin only: paths and queries of webhook URLs often carry credentials
    const origin = parseServiceUrl(request.serviceUrl);
    const where = origin.ok ? origin.target.origin : '(invalid URL)';
    this.logger.debug(
      outcome.ok
        ? `POST ${where}: ${outcome.messages.length} message(s) in ${outcome.durationMs} ms`
        : `POST ${where}: ${outcome.error} (${outcome.reason}${outcome.statusCode ? `, HTTP ${outcome.statusCode}` : ''}) in ${outcome.durationMs} ms`,
    );
    return outcome;
  }

  private async attempt(request: ExternalRequest): Promise<CallOutcome> {
    const started = performance.now();
    const elapsed = (): number => Math.round(performance.now() - started);
    const parsed = parseServiceUrl(request.serviceUrl);
    if (!parsed.ok) return callFailure('blocked-address', elapsed());
    const { target } = parsed;
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new DeadlineExceeded()), request.serviceTimeout);
    let client: Client | undefined;
    let statusCode: number | undefined;
    try {
      const address = await resolveCheckedAddress(target, this.allowlist, deadline.signal, this.lookup);
      client = new Client(target.origin, {
        connect: connectorTo(address, target.servername, request.serviceTimeout),
        headersTimeout: request.serviceTimeout,
        bodyTimeout: request.serviceTimeout,
        pipelining: 1,
      });
      const body = Buffer.from(JSON.stringify({ visitorToken: request.visitorToken, metadata: request.metadata }), 'utf8');
      const response = await client.request({
        method: 'POST',
        path: target.path,
        headers: signedHeaders(request.secretToken, body),
        body,
        signal: deadline.signal,
      });
      statusCode = response.statusCode;
      if (statusCode !== 200) {
        discard(response.body);
        return callFailure(statusCode >= 300 && statusCode < 400 ? 'redirect' : 'http-status', elapsed(), statusCode);
      }
      const received = await readCapped(response.body, response.headers['content-length'], MAX_RESPONSE_BYTES);
      if (received === 'too-large') return callFailure('too-large', elapsed(), statusCode);
      const contents = parseServiceResponse(received);
      if (!contents.ok) return callFailure(contents.reason, elapsed(), statusCode);
      return { ok: true, statusCode, messages: contents.messages, durationMs: elapsed() };
    } catch (error) {
      return callFailure(failureReason(error, deadline.signal), elapsed(), statusCode);
    } finally {
      clearTimeout(timer);
      // destroys the socket whatever state it is in (a trickling body included)
      client?.destroy().catch(() => undefined);
    }
  }
}

function failureReason(error: unknown, deadline: AbortSignal): FailureReason {
  if (deadline.aborted) return 'timeout';
  if (error instanceof BlockedAddressError) return 'blocked-address';
  const code = (error as { code?: string } | undefined)?.code;
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return 'timeout';
  return 'connection-failed';
}

function signedHeaders(secret: string, body: Buffer): Record<string, string> {
  const requestId = randomUUID();
  const timestamp = Math.floor(Date.now() / 1000);
  return {
    'content-type': 'application/json',
    accept: 'application/json',
    'user-agent': USER_AGENT,
    'x-rocketchat-livechat-token': secret,
    'x-livechat-request-id': requestId,
    'x-livechat-timestamp': String(timestamp),
    'x-livechat-signature': signRequest(secret, requestId, timestamp, body),
  };
}
