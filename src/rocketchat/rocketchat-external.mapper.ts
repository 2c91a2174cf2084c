import type { ExternalErrorCode, ExternalMessage, FailureReason } from '../external-service/external-outcome';

/** Rocket.Chat's answer when no secret token is set (its `Livechat_secret_token`). */
export const SECRET_NOT_CONFIGURED = 'Livechat secret token is not configured';
/** Rocket.Chat's Send Test uses this trigger id and this visitor token. */
export const TEST_TRIGGER_ID = 'test-trigger';
export const TEST_VISITOR_TOKEN = '1234567890';

export interface RcExternalSuccess {
  readonly triggerId: string;
  readonly response: { readonly statusCode: number; readonly contents: readonly ExternalMessage[] };
  readonly success: true;
}

export interface RcExternalFailure {
  readonly triggerId: string;
  readonly error: Exclude<ExternalErrorCode, 'secret-token-not-configured'>;
  /** A short text of ours: the service's own body or error text is never passed on. */
  readonly response: string;
  readonly fallbackMessage: string;
  readonly success: false;
}

export type RcExternalAnswer = RcExternalSuccess | RcExternalFailure | { readonly success: false; readonly error: typeof SECRET_NOT_CONFIGURED };

/** What is known of a failed call: the reason, and the status and deadline when there were any. */
export interface FailureFacts {
  readonly reason?: FailureReason;
  readonly statusCode?: number;
  readonly timeoutMs?: number;
}

/** The `response` text of a failed call, like "HTTP 500" or "timeout after 1000 ms". */
export function describeFailure({ reason, statusCode, timeoutMs }: FailureFacts): string {
  switch (reason) {
    case 'timeout':
      return timeoutMs === undefined ? 'timeout' : `timeout after ${timeoutMs} ms`;
    case 'http-status':
      return statusCode === undefined ? 'unexpected HTTP status' : `HTTP ${statusCode}`;
    case 'redirect':
      return statusCode === undefined ? 'redirect not followed' : `HTTP ${statusCode} redirect not followed`;
    case 'invalid-json':
      return 'response is not JSON';
    case 'invalid-contents':
      return 'response has no valid contents';
    case 'too-large':
      return 'response larger than 64 KiB';
    case 'connection-failed':
      return 'connection failed';
    case 'blocked-address':
      return 'address not allowed';
    case 'circuit-open':
      return 'service failing: calls paused';
    case undefined:
      return 'call failed';
  }
}

export interface ExternalOutcome {
  readonly messages?: readonly ExternalMessage[];
  readonly statusCode?: number;
  readonly error?: ExternalErrorCode;
  readonly facts?: FailureFacts;
}

/** A native external-service outcome in Rocket.Chat's envelope (`success` decides 200 or 400). */
export function toRcExternalAnswer(triggerId: string, outcome: ExternalOutcome, fallbackMessage: string): RcExternalAnswer {
  if (outcome.error === 'secret-token-not-configured') return { success: false, error: SECRET_NOT_CONFIGURED };
  if (outcome.error) {
    return { triggerId, error: outcome.error, response: describeFailure(outcome.facts ?? {}), fallbackMessage, success: false };
  }
  return { triggerId, response: { statusCode: outcome.statusCode ?? 200, contents: outcome.messages ?? [] }, success: true };
}
