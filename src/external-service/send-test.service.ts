import { Injectable } from '@nestjs/common';
import { ExternalCall } from './external-call';
import { ExternalErrorCode, ExternalMessage, FailureReason } from './external-outcome';
import { SecretTokenStore } from './secret-token.store';

export const SEND_TEST_VISITOR_TOKEN = 'test-visitor';

export interface SendTestInput {
  readonly serviceUrl: string;
  readonly serviceTimeout: number;
  readonly serviceFallbackMessage?: string;
  /** Sample visitor metadata, sent in the object's key order. */
  readonly metadata?: Readonly<Record<string, string>>;
}

export interface SendTestResult {
  readonly ok: boolean;
  readonly statusCode?: number;
  readonly contents?: readonly ExternalMessage[];
  readonly error?: ExternalErrorCode;
  readonly reason?: FailureReason;
  readonly durationMs: number;
}

/**
 * Send Test: the real call path (guard, signature, limits) with sample data, outside the
 * circuit breaker: it neither counts toward it nor is short-circuited by it.
 */
@Injectable()
export class SendTestService {
  constructor(
    private readonly call: ExternalCall,
    private readonly secretToken: SecretTokenStore,
  ) {}

  /** `visitorToken` lets the Rocket.Chat surface send its own (`1234567890`). */
  async run(input: SendTestInput, visitorToken = SEND_TEST_VISITOR_TOKEN): Promise<SendTestResult> {
    const secretToken = await this.secretToken.read();
    if (secretToken === undefined) return { ok: false, error: 'secret-token-not-configured', durationMs: 0 };
    const outcome = await this.call.post({
      serviceUrl: input.serviceUrl,
      serviceTimeout: input.serviceTimeout,
      visitorToken,
      metadata: Object.entries(input.metadata ?? {}).map(([key, value]) => ({ key, value })),
      secretToken,
    });
    if (outcome.ok) return { ok: true, statusCode: outcome.statusCode, contents: outcome.messages, durationMs: outcome.durationMs };
    const { error, reason, statusCode, durationMs } = outcome;
    return { ok: false, ...(statusCode !== undefined ? { statusCode } : {}), error, ...(reason ? { reason } : {}), durationMs };
  }
}
