import { Module } from '@nestjs/common';
import { AgentQueueModule } from '../agent-queue/agent-queue.module';
import { TriggerCacheModule } from '../trigger-cache/trigger-cache.module';
import { LiveUpdatesController } from './live-updates.controller';
import { LiveUpdates } from './live-updates.service';

/** Availability and the live stream widgets hold open (DESIGN §12). */
@Module({
  imports: [AgentQueueModule, TriggerCacheModule],
  controllers: [LiveUpdatesController],
  providers: [LiveUpdates],
})
export class LiveUpdatesModule {}
