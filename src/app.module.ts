import { DynamicModule, Module } from '@nestjs/common';
import { AgentQueueModule } from './agent-queue/agent-queue.module';
import { CommonModule } from './common/common.module';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { ExplainModule } from './explain/explain.module';
import { ExternalServiceModule } from './external-service/external-service.module';
import { FiringModule } from './firing/firing.module';
import { HealthModule } from './health/health.module';
import { LivechatSettingsModule } from './livechat-settings/livechat-settings.module';
import { LiveUpdatesModule } from './live-updates/live-updates.module';
import { MetricsModule } from './metrics/metrics.module';
import { RocketChatModule } from './rocketchat/rocketchat.module';
import { SendersModule } from './senders/senders.module';
import { SchedulesModule } from './schedules/schedules.module';
import { ProactiveSettingsModule } from './proactive-settings/proactive-settings.module';
import { SettingsModule } from './settings/settings.module';
import { TriggersModule } from './triggers/triggers.module';
import { WidgetModule } from './widget/widget.module';

@Module({})
export class AppModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        CommonModule,
        MetricsModule,
        DatabaseModule,
        HealthModule,
        SettingsModule,
        TriggersModule,
        SchedulesModule,
        ProactiveSettingsModule,
        AgentQueueModule,
        SendersModule,
        ExternalServiceModule,
        WidgetModule,
        LiveUpdatesModule,
        ExplainModule,
        FiringModule,
        LivechatSettingsModule,
        RocketChatModule,
      ],
    };
  }
}
