import { HttpException } from '@nestjs/common';
import { DomainError, type FieldError, type ProblemExtensions } from './domain-error';
import { ErrorCode } from './error-code';
import { isDatabaseUnavailable } from './infrastructure-errors';

/** An error reduced to what any envelope needs to render it. */
export interface NormalizedError {
  readonly code: ErrorCode;
  readonly detail: string;
  readonly errors?: readonly FieldError[];
  readonly headers?: Readonly<Record<string, string>>;
  /** Members of the problem+json body beside the standard ones (other envelopes may ignore them). */
  readonly extensions?: ProblemExtensions;
  /** Set for unexpected errors: they are logged with their stack and never shown. */
  readonly unexpected?: unknown;
}

/** Seconds a client should wait when the database is unreachable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

const FASTIFY_CODES: Readonly<Record<string, { code: ErrorCode; detail: string }>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: ErrorCode.PayloadTooLarge, detail: 'The request body is larger than 64 KiB' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: ErrorCode.UnsupportedMediaType, detail: 'Send the body as application/json' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: ErrorCode.ValidationFailed, detail: 'The JSON body is empty' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: ErrorCode.ValidationFailed, detail: 'The request body is not valid JSON' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: ErrorCode.ValidationFailed, detail: 'Content-Length does not match the body' },
  FST_ERR_CTP_INVALID_TYPE: { code: ErrorCode.UnsupportedMediaType, detail: 'The Content-Type header is not valid' },
  FST_ERR_BAD_URL: { code: ErrorCode.ValidationFailed, detail: 'The URL is not valid' },
  FST_ERR_ASYNC_CONSTRAINT: { code: ErrorCode.ValidationFailed, detail: 'The request could not be routed' },
};

const STATUS_CODES: Readonly<Record<number, ErrorCode>> = {
  400: ErrorCode.ValidationFailed,
  401: ErrorCode.Unauthorized,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  405: ErrorCode.NotFound,
  412: ErrorCode.VersionMismatch,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.UnsupportedMediaType,
  429: ErrorCode.RateLimited,
  503: ErrorCode.ServiceUnavailable,
};

/** Maps anything thrown during a request to a stable code, without leaking internals. */
export function normalizeError(error: unknown): NormalizedError {
  if (error instanceof DomainError) {
    return { code: error.code, detail: error.detail, errors: error.errors, headers: error.headers, extensions: error.extensions };
  }
  if (isDatabaseUnavailable(error)) {
    return {
      code: ErrorCode.ServiceUnavailable,
      detail: 'The database is unavailable; try again shortly',
      headers: { 'retry-after': String(DATABASE_RETRY_AFTER_SECONDS) },
    };
  }
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const fastifyCode = typeof cause?.code === 'string' ? FASTIFY_CODES[cause.code] : undefined;
  if (fastifyCode) return fastifyCode;
  if (cause instanceof SyntaxError || (cause && /JSON/.test(String(cause.message)))) {
    return { code: ErrorCode.ValidationFailed, detail: 'The request body is not valid JSON' };
  }
  if (error instanceof HttpException) return fromHttpException(error);
  return { code: ErrorCode.InternalError, detail: 'An unexpected error occurred', unexpected: error };
}

function fromHttpException(error: HttpException): NormalizedError {
  const status = error.getStatus();
  const code = STATUS_CODES[status];
  if (!code) return { code: ErrorCode.InternalError, detail: 'An unexpected error occurred', unexpected: error };
  if (code === ErrorCode.NotFound) {
    return { code, detail: status === 405 ? 'Method not allowed on this resource' : 'No such route' };
  }
  if (/prototype property/i.test(error.message)) {
    return { code: ErrorCode.ValidationFailed, detail: 'The body contains a forbidden key (__proto__ or constructor.prototype)' };
  }
  return { code, detail: safeMessage(error.message) };
}

/** Framework messages are short and generic; anything else is replaced, never echoed at length. */
function safeMessage(message: string): string {
  return message.length <= 200 && !/[\\/]node_modules|\bat \w+ \(/.test(message) ? message : 'The request was not accepted';
}
