import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ApiKeyStore } from './auth/api-key-store';
import { AuthGuard } from './auth/auth.guard';
import { ErrorEnvelopeRegistry } from './errors/error-envelope';
import { ProblemFilter } from './errors/problem.filter';
import { validationPipe } from './validation/validation-pipe';

/** Cross-cutting providers: the global error filter, auth guard and validation pipe, and what they read. */
@Global()
@Module({
  providers: [
    ErrorEnvelopeRegistry,
    { provide: ApiKeyStore, inject: [APP_CONFIG], useFactory: (config: AppConfig) => ApiKeyStore.fromConfig(config) },
    { provide: APP_FILTER, useClass: ProblemFilter },
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_PIPE, useFactory: validationPipe },
  ],
  exports: [ErrorEnvelopeRegistry, ApiKeyStore],
})
export class CommonModule {}
