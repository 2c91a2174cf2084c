import { Module } from '@nestjs/common';
import { ExternalServiceModule } from '../external-service/external-service.module';
import { SendersModule } from '../senders/senders.module';
import { ActionResolver } from './action-resolver';

@Module({
  imports: [SendersModule, ExternalServiceModule],
  providers: [ActionResolver],
  exports: [ActionResolver],
})
export class ActionsModule {}
