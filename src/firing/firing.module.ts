import { Module } from '@nestjs/common';
import { ActionsModule } from '../actions/actions.module';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { resolveSecretsKey } from '../external-service/secrets-key';
import { TriggersModule } from '../triggers/triggers.module';
import { VisitorsModule } from '../visitors/visitors.module';
import { CarryOutPlan } from './carry-out-plan';
import { ClaimFirings } from './claim-firings';
import { DismissFiring } from './dismiss-firing';
import { FiringIds } from './firing-ids';
import { LimitClaims } from './limit-claims.repository';
import { FiringLog } from './firing-log';
import { FiringsRepository } from './firings.repository';
import { RunOnceClaims } from './run-once-claims.repository';
import { RunOnceHistory } from './run-once-history';
import { StatsController } from './stats.controller';

/** Firing what a decision fires: the limits' claims (run-once, frequency, budget) and run-once history, firing ids and dismissals, the firing log and its stats. */
@Module({
  imports: [ActionsModule, VisitorsModule, TriggersModule],
  controllers: [StatsController],
  providers: [
    CarryOutPlan,
    ClaimFirings,
    RunOnceClaims,
    RunOnceHistory,
    LimitClaims,
    DismissFiring,
    FiringLog,
    FiringsRepository,
    { provide: FiringIds, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new FiringIds(resolveSecretsKey(config).key) },
  ],
  exports: [CarryOutPlan, RunOnceClaims, RunOnceHistory, LimitClaims, DismissFiring],
})
export class FiringModule {}
