import { Module } from '@nestjs/common';
import { RequestFactsService } from './request-facts.service';

/** The request facts targeting rules test: device, country, `Accept-Language` (DESIGN §11). */
@Module({
  providers: [RequestFactsService],
  exports: [RequestFactsService],
})
export class RequestFactsModule {}
