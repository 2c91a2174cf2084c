import { Module } from '@nestjs/common';
import { SchedulesModule } from '../schedules/schedules.module';
import { TriggersModule } from '../triggers/triggers.module';
import { TriggerCache } from './trigger-cache.service';

@Module({ imports: [TriggersModule, SchedulesModule], providers: [TriggerCache], exports: [TriggerCache] })
export class TriggerCacheModule {}
