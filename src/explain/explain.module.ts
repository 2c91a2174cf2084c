import { Module } from '@nestjs/common';
import { AgentQueueModule } from '../agent-queue/agent-queue.module';
import { FiringModule } from '../firing/firing.module';
import { ProactiveSettingsModule } from '../proactive-settings/proactive-settings.module';
import { RequestFactsModule } from '../request-facts/request-facts.module';
import { SchedulesModule } from '../schedules/schedules.module';
import { SendersModule } from '../senders/senders.module';
import { TriggersModule } from '../triggers/triggers.module';
import { VisitorsModule } from '../visitors/visitors.module';
import { ExplainController } from './explain.controller';
import { ExplainService } from './explain.service';

@Module({
  imports: [AgentQueueModule, TriggersModule, VisitorsModule, FiringModule, SendersModule, RequestFactsModule, SchedulesModule, ProactiveSettingsModule],
  controllers: [ExplainController],
  providers: [ExplainService],
})
export class ExplainModule {}
