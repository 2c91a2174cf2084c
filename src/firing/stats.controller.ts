import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../common/auth/access.decorator';
import { DomainError } from '../common/errors/domain-error';
import { UuidParamPipe } from '../common/http/uuid-param.pipe';
import { ApiProblemResponses } from '../common/openapi/api-problem-responses.decorator';
import { TriggersRepository } from '../triggers/triggers.repository';
import { FiringLog } from './firing-log';
import { FiringsRepository } from './firings.repository';

class FiringCountsDto {
  @ApiProperty() total: number;
  @ApiProperty({ description: 'Firings in the last 24 hours' }) last24h: number;
}

class OutcomeCountsDto {
  @ApiProperty({ description: 'Delivered actions with a static message' }) static: number;
  @ApiProperty({ description: 'Delivered actions with messages from the external service' }) external: number;
  @ApiProperty({ description: 'Delivered actions that fell back to the fallback message' }) fallback: number;
}

export class TriggerStatsDto {
  @ApiProperty({ format: 'uuid' }) triggerId: string;
  @ApiProperty({ type: FiringCountsDto }) firings: FiringCountsDto;
  @ApiProperty() uniqueVisitors: number;
  @ApiProperty({ type: OutcomeCountsDto }) outcomes: OutcomeCountsDto;
  @ApiProperty({ description: 'Firings whose message the visitor closed (message-dismissed)' }) dismissals: number;
}

@ApiTags('triggers')
@Controller('v1/triggers')
export class StatsController {
  constructor(
    private readonly triggers: TriggersRepository,
    private readonly firings: FiringsRepository,
    private readonly log: FiringLog,
  ) {}

  @Get(':id/stats')
  @RequireRole('viewer')
  @ApiOperation({ summary: 'How often a trigger fired, for how many visitors, with which outcomes' })
  @ApiOkResponse({ type: TriggerStatsDto })
  @ApiProblemResponses(404, 503)
  async stats(@Param('id', new UuidParamPipe('Trigger')) id: string): Promise<TriggerStatsDto> {
    if (!(await this.triggers.findById(id))) throw DomainError.notFound('Trigger');
    await this.log.flush(); // what this instance answered is counted
    const stats = await this.firings.stats(id, new Date());
    const { total, last24h, uniqueVisitors, outcomes, dismissals } = stats;
    return { triggerId: id, firings: { total, last24h }, uniqueVisitors, outcomes, dismissals };
  }
}
