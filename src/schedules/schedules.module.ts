import { Module } from '@nestjs/common';
import { SchedulesController } from './schedules.controller';
import { SchedulesRepository } from './schedules.repository';
import { SchedulesService } from './schedules.service';

/** Business-hours schedules (DESIGN §13). Exports the repository: the trigger snapshot and the roster compile every schedule. */
@Module({
  controllers: [SchedulesController],
  providers: [SchedulesRepository, SchedulesService],
  exports: [SchedulesRepository],
})
export class SchedulesModule {}
