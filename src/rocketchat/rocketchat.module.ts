import { Module } from '@nestjs/common';
import { AgentQueueModule } from '../agent-queue/agent-queue.module';
import { ExternalServiceModule } from '../external-service/external-service.module';
import { LivechatSettingsModule } from '../livechat-settings/livechat-settings.module';
import { RocketChatUpstreamModule } from '../rocketchat-upstream/rocketchat-upstream.module';
import { SendersModule } from '../senders/senders.module';
import { TriggerCacheModule } from '../trigger-cache/trigger-cache.module';
import { TriggersModule } from '../triggers/triggers.module';
import { VisitorsModule } from '../visitors/visitors.module';
import { WidgetModule } from '../widget/widget.module';
import { RocketChatEnvelopeRegistration } from './rocketchat-envelope';
import { RocketChatTriggersController } from './rocketchat-triggers.controller';
import { RocketChatTriggersService } from './rocketchat-triggers.service';
import { RocketChatWidgetController } from './rocketchat-widget.controller';
import { RocketChatWidgetService } from './rocketchat-widget.service';

/** The Rocket.Chat-compatible surface under /api/v1/livechat (DESIGN §7.1): a mapping over the native services. */
@Module({
  imports: [
    LivechatSettingsModule,
    RocketChatUpstreamModule,
    TriggersModule,
    TriggerCacheModule,
    VisitorsModule,
    SendersModule,
    AgentQueueModule,
    ExternalServiceModule,
    WidgetModule,
  ],
  controllers: [RocketChatTriggersController, RocketChatWidgetController],
  providers: [RocketChatEnvelopeRegistration, RocketChatTriggersService, RocketChatWidgetService],
})
export class RocketChatModule {}
