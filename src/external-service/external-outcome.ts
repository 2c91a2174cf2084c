/**
 * The vocabulary of an external-service call, shared by the client, the breaker, Send Test
 * and the evaluation. Pure types and constants: no Nest, no I/O.
 */

/** One message an external service asked the widget to show. */
export interface ExternalMessage {
  readonly msg: string;
  readonly order: number;
}

/** Visitor metadata as sent to the service, in insertion order (DESIGN §6). */
export interface MetadataEntry {
  readonly key: string;
  readonly value: string;
}

/** Rocket.Chat's error codes, plus ours for a missing secret. */
export type ExternalErrorCode = 'error-timeout' | 'error-invalid-external-service-response' | 'secret-token-not-configured';

/** Why a call failed, finer than the error code. */
export type FailureReason =
  'timeout' | 'http-status' | 'invalid-json' | 'invalid-contents' | 'too-large' | 'connection-failed' | 'blocked-address' | 'redirect' | 'circuit-open';

export const FAILURE_REASONS: readonly FailureReason[] = [
  'timeout',
  'http-status',
  'invalid-json',
  'invalid-contents',
  'too-large',
  'connection-failed',
  'blocked-address',
  'redirect',
  'circuit-open',
];

export const EXTERNAL_ERROR_CODES: readonly ExternalErrorCode[] = ['error-timeout', 'error-invalid-external-service-response', 'secret-token-not-configured'];

export interface CallSuccess {
  readonly ok: true;
  readonly statusCode: number;
  readonly messages: readonly ExternalMessage[];
  readonly durationMs: number;
}

export interface CallFailure {
  readonly ok: false;
  readonly error: ExternalErrorCode;
  /** Absent only for `secret-token-not-configured` (no call was attempted). */
  readonly reason?: FailureReason;
  /** The HTTP status when the service answered one. */
  readonly statusCode?: number;
  readonly durationMs: number;
}

export type CallOutcome = CallSuccess | CallFailure;

/** The error code a reason is reported under: only a timeout has its own. */
export function errorCodeFor(reason: FailureReason): ExternalErrorCode {
  return reason === 'timeout' ? 'error-timeout' : 'error-invalid-external-service-response';
}

export function callFailure(reason: FailureReason, durationMs: number, statusCode?: number): CallFailure {
  return { ok: false, error: errorCodeFor(reason), reason, durationMs, ...(statusCode !== undefined ? { statusCode } : {}) };
}
