import { Inject, Injectable } from '@nestjs/common';
import { Metrics } from '../metrics/metrics.service';
import { BreakerResult, CIRCUIT_BREAKER_REGISTRY, CircuitBreakerRegistry } from './circuit-breakers';
import { ExternalCall } from './external-call';
import { CallOutcome, ExternalErrorCode, ExternalMessage, FailureReason, MetadataEntry } from './external-outcome';
import { SecretTokenStore } from './secret-token.store';

/** The parameters of a `use-external-service` action (DESIGN §2). */
export interface ExternalServiceAction {
  readonly serviceUrl: string;
  readonly serviceTimeout: number;
  /** Shown when the call fails; empty means nothing is shown. */
  readonly serviceFallbackMessage: string;
}

export interface ExternalServiceVisitor {
  readonly visitorToken: string;
  readonly metadata: readonly MetadataEntry[];
}

export type ExternalResolution =
  | { readonly source: 'external'; readonly messages: readonly ExternalMessage[] }
  | {
      readonly source: 'fallback';
      /** `[{msg: fallback, order: 0}]`, or `[]` when the fallback is empty. */
      readonly messages: readonly ExternalMessage[];
      readonly error: ExternalErrorCode;
      readonly reason?: FailureReason;
    };

/**
 * What trigger evaluation and the widget call route use: messages from the service, or the
 * fallback. Calls count toward the service URL's circuit breaker and return at once
 * (`reason: "circuit-open"`) while it is open.
 */
@Injectable()
export class ExternalMessages {
  constructor(
    private readonly call: ExternalCall,
    private readonly secretToken: SecretTokenStore,
    @Inject(CIRCUIT_BREAKER_REGISTRY) private readonly breakers: CircuitBreakerRegistry,
    private readonly metrics: Metrics,
  ) {}

  async fetch(action: ExternalServiceAction, visitor: ExternalServiceVisitor): Promise<ExternalResolution> {
    const secretToken = await this.secretToken.read();
    if (secretToken === undefined) return fallback(action, 'secret-token-not-configured');
    const result: BreakerResult<CallOutcome> = await this.breakers.run(
      action.serviceUrl,
      () => this.call.post({ ...action, ...visitor, secretToken }),
      (outcome) => !outcome.ok,
    );
    if (result.shortCircuited) {
      this.metrics.externalCall({ ok: false, error: 'error-invalid-external-service-response', reason: 'circuit-open' }); // metrics
      return fallback(action, 'error-invalid-external-service-response', 'circuit-open');
    }
    const outcome = result.value;
    this.metrics.externalCall(outcome, outcome.durationMs); // metrics
    if (outcome.ok) return { source: 'external', messages: outcome.messages };
    return fallback(action, outcome.error, outcome.reason);
  }
}

function fallback(action: ExternalServiceAction, error: ExternalErrorCode, reason?: FailureReason): ExternalResolution {
  const messages = action.serviceFallbackMessage === '' ? [] : [{ msg: action.serviceFallbackMessage, order: 0 }];
  return { source: 'fallback', messages, error, ...(reason ? { reason } : {}) };
}
