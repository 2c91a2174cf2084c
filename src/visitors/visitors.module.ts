import { Module } from '@nestjs/common';
import { FiringLedgerRepository } from './firing-ledger.repository';
import { VisitorsRepository } from './visitors.repository';
import { VisitorsService } from './visitors.service';

@Module({
  providers: [VisitorsRepository, VisitorsService, FiringLedgerRepository],
  exports: [VisitorsService, FiringLedgerRepository],
})
export class VisitorsModule {}
