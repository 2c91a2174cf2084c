import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TriggerEntity } from './trigger.entity';
import { TriggersController } from './triggers.controller';
import { TriggersRepository } from './triggers.repository';
import { TriggersService } from './triggers.service';

/** Trigger management (DESIGN §2, §7). Exports the repository for evaluation (`findAllEnabled`). */
@Module({
  imports: [TypeOrmModule.forFeature([TriggerEntity])],
  controllers: [TriggersController],
  providers: [TriggersRepository, TriggersService],
  exports: [TriggersRepository, TriggersService],
})
export class TriggersModule {}
