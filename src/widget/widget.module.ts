import { Module } from '@nestjs/common';
import { AgentQueueModule } from '../agent-queue/agent-queue.module';
import { ExternalServiceModule } from '../external-service/external-service.module';
import { FiringModule } from '../firing/firing.module';
import { RequestFactsModule } from '../request-facts/request-facts.module';
import { TriggerCacheModule } from '../trigger-cache/trigger-cache.module';
import { VisitorsModule } from '../visitors/visitors.module';
import { ReportEvent } from './report-event';
import { WidgetExternalCall } from './widget-external-call';
import { WidgetController } from './widget.controller';

/** The public API the livechat widget calls: config, registration, events, external-service call. */
@Module({
  imports: [AgentQueueModule, TriggerCacheModule, VisitorsModule, FiringModule, ExternalServiceModule, RequestFactsModule],
  controllers: [WidgetController],
  providers: [ReportEvent, WidgetExternalCall],
  exports: [WidgetExternalCall],
})
export class WidgetModule {}
