import { Module } from '@nestjs/common';
import { SchedulesModule } from '../schedules/schedules.module';
import { ProactiveSettingsModule } from '../proactive-settings/proactive-settings.module';
import { TriggersModule } from '../triggers/triggers.module';
import { TriggerCache } from './trigger-cache.service';

@Module({ imports: [TriggersModule, SchedulesModule, ProactiveSettingsModule], providers: [TriggerCache], exports: [TriggerCache] })
export class TriggerCacheModule {}
