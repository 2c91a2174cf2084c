import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../common/auth/access.decorator';
import { Metrics } from './metrics.service';

/**
 * `GET /metrics` in the Prometheus text format. Public like health (scrapers carry no API
 * key; expose it on a private network only) and left out of the OpenAPI document: it is an
 * operations endpoint, not part of the API.
 */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @Header('cache-control', 'no-store')
  scrape(): Promise<string> {
    return this.metrics.scrape();
  }
}
