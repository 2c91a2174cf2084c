import { Module } from '@nestjs/common';
import { TriggersController } from './triggers.controller';
import { TriggersRepository } from './triggers.repository';
import { TriggersService } from './triggers.service';

/** Trigger management (DESIGN §2, §7). Exports the repository for evaluation (`findAllEnabled`). */
@Module({
  controllers: [TriggersController],
  providers: [TriggersRepository, TriggersService],
  exports: [TriggersRepository, TriggersService],
})
export class TriggersModule {}
