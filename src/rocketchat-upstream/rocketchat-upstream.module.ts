import { Module } from '@nestjs/common';
import { RocketChatUpstream } from './rocketchat-upstream';

/** Rocket.Chat's own server, when `ROCKETCHAT_URL` names one (DESIGN §7.2). */
@Module({
  providers: [RocketChatUpstream],
  exports: [RocketChatUpstream],
})
export class RocketChatUpstreamModule {}
