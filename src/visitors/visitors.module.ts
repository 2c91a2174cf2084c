import { Module } from '@nestjs/common';
import { VisitorStore } from './visitor-store';
import { VisitorsRepository } from './visitors.repository';

/** Visitors, their registration and their visit clocks. */
@Module({ providers: [VisitorsRepository, VisitorStore], exports: [VisitorStore] })
export class VisitorsModule {}
