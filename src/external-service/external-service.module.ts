import { Logger, Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { SettingsModule } from '../settings/settings.module';
import { createSharedStateClient } from '../common/redis-client';
import { CIRCUIT_BREAKER_REGISTRY, CircuitBreakerRegistry, DEFAULT_BREAKER_OPTIONS, InMemoryCircuitBreakers } from './circuit-breakers';
import { ExternalCall } from './external-call';
import { ExternalMessages } from './external-messages.service';
import { ExternalServiceSettingsController } from './external-service-settings.controller';
import { RedisCircuitBreakers } from './redis-circuit-breakers';
import { SecretCipher } from './secret-cipher';
import { resolveSecretsKey } from './secrets-key';
import { SecretTokenStore } from './secret-token.store';
import { SendTestController } from './send-test.controller';
import { SendTestService } from './send-test.service';

const logger = new Logger('ExternalService');

/**
 * The external service: the one outbound HTTP client, its SSRF guard, signing, the secret
 * token, circuit breakers and Send Test. Other features use {@link ExternalMessages}.
 */
@Module({
  imports: [SettingsModule],
  controllers: [ExternalServiceSettingsController, SendTestController],
  providers: [
    {
      provide: SecretCipher,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const source = resolveSecretsKey(config);
        if (source.generatedFile) {
          logger.warn(
            `SECRETS_KEY is not set: stored secrets are encrypted with a key generated in ${source.generatedFile}; ` +
              'set SECRETS_KEY (openssl rand -base64 32) before running with DATABASE_URL or in production',
          );
        }
        return new SecretCipher(source.key);
      },
    },
    {
      provide: ExternalCall,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new ExternalCall({ allowlist: config.externalServiceAllowlist }),
    },
    {
      provide: CIRCUIT_BREAKER_REGISTRY,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => circuitBreakers(config),
    },
    SecretTokenStore,
    ExternalMessages,
    SendTestService,
  ],
  exports: [ExternalMessages, SendTestService, SecretTokenStore],
})
export class ExternalServiceModule {}

const onStateChange = (url: string, state: 'open' | 'closed'): void => {
  const origin = safeOrigin(url);
  if (state === 'open') logger.warn(`circuit open for ${origin}: calls fall back at once for ${DEFAULT_BREAKER_OPTIONS.halfOpenAfterMs / 1000} s`);
  else logger.log(`circuit closed again for ${origin}`);
};

/** In memory per instance; shared by every instance through Redis when `REDIS_URL` is set. */
function circuitBreakers(config: AppConfig): CircuitBreakerRegistry {
  const local = new InMemoryCircuitBreakers({ ...DEFAULT_BREAKER_OPTIONS, onStateChange });
  if (!config.redisUrl) return local;
  const redis = createSharedStateClient(config.redisUrl, (error) =>
    logger.warn(`circuit-breaker Redis unavailable (${error.message}); breakers are per instance meanwhile`),
  );
  return new RedisCircuitBreakers(redis, local, {
    ...DEFAULT_BREAKER_OPTIONS,
    keyPrefix: config.redisKeyPrefix,
    probeLeaseMs: 35_000,
    failureMemoryMs: 10 * 60_000,
    onStateChange,
  });
}

/** Log the origin only: webhook paths and queries often carry credentials. */
function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(invalid URL)';
  }
}
