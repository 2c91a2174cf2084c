import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequireRole } from '../common/auth/access.decorator';
import { entityTag, VersionPrecondition } from '../common/http/if-match';
import { ApiIfMatchHeader, IfMatch } from '../common/http/if-match.decorator';
import { UuidParamPipe } from '../common/http/uuid-param.pipe';
import { ApiProblemResponses } from '../common/openapi/api-problem-responses.decorator';
import { parseInstant } from '../common/validation/instant';
import {
  ListSchedulesQueryDto,
  ScheduleDto,
  ScheduleInputDto,
  ScheduleListDto,
  SchedulePatchDto,
  ScheduleStatusDto,
  ScheduleStatusQueryDto,
} from './dto/schedule.dto';
import type { ScheduleView } from './schedule';
import { SchedulesService } from './schedules.service';

const ScheduleId = () => Param('id', new UuidParamPipe('Schedule'));
const ETAG = { ETag: { description: 'The schedule\'s version, `"<version>"`', schema: { type: 'string' } } };

function versioned(reply: FastifyReply, view: ScheduleView): ScheduleDto {
  reply.header('etag', entityTag(view.version));
  return view as ScheduleDto;
}

@ApiTags('schedules')
@Controller('v1/schedules')
export class SchedulesController {
  constructor(private readonly schedules: SchedulesService) {}

  @Get()
  @RequireRole('viewer')
  @ApiOperation({ summary: 'List schedules (filter by name, sort, paginate)' })
  @ApiOkResponse({ type: ScheduleListDto })
  @ApiProblemResponses(400)
  list(@Query() query: ListSchedulesQueryDto): Promise<ScheduleListDto> {
    return this.schedules.list(query) as Promise<ScheduleListDto>;
  }

  @Get(':id')
  @RequireRole('viewer')
  @ApiOperation({ summary: 'Read a schedule' })
  @ApiOkResponse({ type: ScheduleDto, headers: ETAG })
  @ApiProblemResponses(404)
  async get(@ScheduleId() id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<ScheduleDto> {
    return versioned(reply, await this.schedules.get(id));
  }

  @Get(':id/status')
  @RequireRole('viewer')
  @ApiOperation({ summary: 'Whether the schedule is open at a moment (default now), and when that next changes' })
  @ApiOkResponse({ type: ScheduleStatusDto })
  @ApiProblemResponses(400, 404)
  status(@ScheduleId() id: string, @Query() query: ScheduleStatusQueryDto): Promise<ScheduleStatusDto> {
    return this.schedules.status(id, query.at === undefined ? undefined : parseInstant(query.at));
  }

  @Post()
  @RequireRole('manager')
  @ApiOperation({ summary: 'Create a schedule' })
  @ApiCreatedResponse({ type: ScheduleDto, headers: { ...ETAG, Location: { description: '/v1/schedules/{id}', schema: { type: 'string' } } } })
  @ApiProblemResponses(400, 409)
  async create(@Body() body: ScheduleInputDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<ScheduleDto> {
    const created = await this.schedules.create(body);
    reply.header('location', `/v1/schedules/${created.id}`);
    return versioned(reply, created);
  }

  @Put(':id')
  @RequireRole('manager')
  @ApiOperation({ summary: 'Replace a schedule (omitted weekly and exceptions become [])' })
  @ApiIfMatchHeader()
  @ApiOkResponse({ type: ScheduleDto, headers: ETAG })
  @ApiProblemResponses(400, 404, 409, 412)
  async replace(
    @ScheduleId() id: string,
    @Body() body: ScheduleInputDto,
    @IfMatch() precondition: VersionPrecondition,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ScheduleDto> {
    return versioned(reply, await this.schedules.replace(id, body, precondition));
  }

  @Patch(':id')
  @RequireRole('manager')
  @ApiOperation({ summary: 'Change some fields of a schedule (arrays are replaced whole)' })
  @ApiIfMatchHeader()
  @ApiOkResponse({ type: ScheduleDto, headers: ETAG })
  @ApiProblemResponses(400, 404, 409, 412)
  async change(
    @ScheduleId() id: string,
    @Body() body: SchedulePatchDto,
    @IfMatch() precondition: VersionPrecondition,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ScheduleDto> {
    return versioned(reply, await this.schedules.change(id, body, precondition));
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireRole('manager')
  @ApiOperation({
    summary: 'Delete a schedule',
    description: "While a trigger's `schedule` rule (disabled triggers too) or a department uses it: 409 `schedule-in-use` with `usedBy`.",
  })
  @ApiIfMatchHeader()
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblemResponses(400, 404, 409, 412)
  async remove(@ScheduleId() id: string, @IfMatch() precondition: VersionPrecondition): Promise<void> {
    await this.schedules.remove(id, precondition);
  }
}
