import { Module } from '@nestjs/common';
import { ActionsModule } from '../actions/actions.module';
import { ExternalServiceModule } from '../external-service/external-service.module';
import { TriggerCacheModule } from '../trigger-cache/trigger-cache.module';
import { VisitorsModule } from '../visitors/visitors.module';
import { WidgetEventsService } from './widget-events.service';
import { WidgetExternalCallService } from './widget-external-call.service';
import { WidgetController } from './widget.controller';

@Module({
  imports: [TriggerCacheModule, VisitorsModule, ActionsModule, ExternalServiceModule],
  controllers: [WidgetController],
  providers: [WidgetEventsService, WidgetExternalCallService],
  exports: [WidgetExternalCallService],
})
export class WidgetModule {}
