import { Module } from '@nestjs/common';
import { AgentQueueModule } from '../agent-queue/agent-queue.module';
import { SenderResolver } from './sender-resolver.service';
import { StickyAgentsRepository } from './sticky-agents.repository';

/** Sender resolution for trigger actions: queue (sticky per visitor) and custom. */
@Module({
  imports: [AgentQueueModule],
  providers: [SenderResolver, StickyAgentsRepository],
  exports: [SenderResolver],
})
export class SendersModule {}
