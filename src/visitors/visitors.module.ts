import { Module } from '@nestjs/common';
import { FiringLedgerRepository } from './firing-ledger.repository';
import { FiringLog } from './firing-log';
import { VisitorsRepository } from './visitors.repository';
import { VisitorsService } from './visitors.service';

@Module({
  providers: [VisitorsRepository, VisitorsService, FiringLedgerRepository, FiringLog],
  exports: [VisitorsService, FiringLedgerRepository, FiringLog],
})
export class VisitorsModule {}
