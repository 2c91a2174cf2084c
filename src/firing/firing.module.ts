import { Module } from '@nestjs/common';
import { ActionsModule } from '../actions/actions.module';
import { TriggersModule } from '../triggers/triggers.module';
import { VisitorsModule } from '../visitors/visitors.module';
import { CarryOutPlan } from './carry-out-plan';
import { FiringLog } from './firing-log';
import { FiringsRepository } from './firings.repository';
import { RunOnceClaims } from './run-once-claims.repository';
import { RunOnceHistory } from './run-once-history';
import { StatsController } from './stats.controller';

/** Firing what a decision fires: run-once claims and history, the firing log and its stats. */
@Module({
  imports: [ActionsModule, VisitorsModule, TriggersModule],
  controllers: [StatsController],
  providers: [CarryOutPlan, RunOnceClaims, RunOnceHistory, FiringLog, FiringsRepository],
  exports: [CarryOutPlan, RunOnceClaims, RunOnceHistory],
})
export class FiringModule {}
