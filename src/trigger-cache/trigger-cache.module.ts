import { Module } from '@nestjs/common';
import { TriggersModule } from '../triggers/triggers.module';
import { TriggerCache } from './trigger-cache.service';

@Module({ imports: [TriggersModule], providers: [TriggerCache], exports: [TriggerCache] })
export class TriggerCacheModule {}
