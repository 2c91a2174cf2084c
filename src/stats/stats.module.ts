import { Module } from '@nestjs/common';
import { TriggersModule } from '../triggers/triggers.module';
import { VisitorsModule } from '../visitors/visitors.module';
import { StatsController } from './stats.controller';

@Module({ imports: [TriggersModule, VisitorsModule], controllers: [StatsController] })
export class StatsModule {}
