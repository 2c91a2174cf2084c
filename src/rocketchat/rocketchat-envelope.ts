import { Injectable, OnModuleInit } from '@nestjs/common';
import { ErrorCode } from '../common/errors/error-code';
import { ErrorEnvelope, ErrorEnvelopeRegistry } from '../common/errors/error-envelope';
import type { NormalizedError } from '../common/errors/normalize-error';

/** Where the Rocket.Chat-compatible surface lives; every error under it answers this envelope. */
export const ROCKETCHAT_PREFIX = '/api/v1/livechat';

export const NOT_LOGGED_IN = 'You must be logged in to do this.';
export const NO_PERMISSION = 'User does not have the permissions required for this action [error-unauthorized]';

export interface RcFailureBody {
  readonly success: false;
  readonly error: string;
  readonly errorType?: string;
  readonly status?: 'error';
  readonly message?: string;
  readonly errorId?: string;
}

/** Rocket.Chat's `Meteor.Error(code, reason)`: `error: "reason [code]"`, `errorType: code`. */
function coded(status: number, reason: string, code: string): { status: number; body: RcFailureBody } {
  return { status, body: { success: false, error: `${reason} [${code}]`, errorType: code } };
}

/** Rocket.Chat's plain `Error(message)`: `error: message`, no `errorType`. */
function plain(status: number, error: string): { status: number; body: RcFailureBody } {
  return { status, body: { success: false, error } };
}

/** Every field error on one line: Rocket.Chat's ajv messages are joined the same way. */
function invalidParamsReason(error: NormalizedError): string {
  return error.errors && error.errors.length > 0 ? error.errors.map((e) => `${e.path}: ${e.message}`).join('; ') : error.detail;
}

/**
 * Every error code in Rocket.Chat's envelope (ROCKETCHAT.md §2.1), in one exhaustive switch:
 * 401 and 403 with its exact texts, business errors 400, and the HTTP layer's own statuses
 * (413, 415, 429, 503, 500) kept, since a client must still tell those apart.
 */
export function toRcFailure(error: NormalizedError, errorId?: string): { status: number; body: RcFailureBody } {
  switch (error.code) {
    case ErrorCode.ValidationFailed:
      return coded(400, invalidParamsReason(error), 'invalid-params');
    case ErrorCode.Unauthorized:
      return { status: 401, body: { success: false, error: NOT_LOGGED_IN, status: 'error', message: NOT_LOGGED_IN } };
    case ErrorCode.Forbidden:
      return plain(403, NO_PERMISSION);
    case ErrorCode.NotFound:
      return plain(404, error.detail);
    case ErrorCode.TriggerNotFound:
      return plain(400, 'Invalid trigger');
    case ErrorCode.NotAnExternalServiceTrigger:
      return plain(400, 'Trigger is not configured to use an external service');
    case ErrorCode.NoAgentAvailable:
      return plain(400, 'agent-not-found');
    case ErrorCode.TriggerNameTaken:
    case ErrorCode.DepartmentNameTaken:
    case ErrorCode.DepartmentInUse:
    case ErrorCode.ScheduleNameTaken:
    case ErrorCode.ScheduleInUse:
    case ErrorCode.VersionMismatch:
    case ErrorCode.VisitorNotRegistered:
    case ErrorCode.VisitorNotFound:
    case ErrorCode.FiringNotFound:
      return coded(400, error.detail, error.code);
    case ErrorCode.PayloadTooLarge:
      return coded(413, error.detail, error.code);
    case ErrorCode.UnsupportedMediaType:
      return coded(415, error.detail, error.code);
    case ErrorCode.RateLimited:
      return coded(429, error.detail, 'error-too-many-requests');
    case ErrorCode.ServiceUnavailable:
      return coded(503, error.detail, error.code);
    case ErrorCode.InternalError:
      return { status: 500, body: { success: false, error: 'An unexpected error occurred', ...(errorId ? { errorId } : {}) } };
  }
}

export const rocketChatEnvelope: ErrorEnvelope = {
  render(error, { errorId }) {
    const { status, body } = toRcFailure(error, errorId);
    return { status, contentType: 'application/json; charset=utf-8', body };
  },
};

/** Registers the envelope for the surface's prefix when the module starts. */
@Injectable()
export class RocketChatEnvelopeRegistration implements OnModuleInit {
  constructor(private readonly envelopes: ErrorEnvelopeRegistry) {}

  onModuleInit(): void {
    this.envelopes.register(ROCKETCHAT_PREFIX, rocketChatEnvelope);
  }
}
