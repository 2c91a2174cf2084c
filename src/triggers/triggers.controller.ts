import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequireRole } from '../common/auth/access.decorator';
import { entityTag, VersionPrecondition } from '../common/http/if-match';
import { ApiIfMatchHeader, IfMatch } from '../common/http/if-match.decorator';
import { UuidParamPipe } from '../common/http/uuid-param.pipe';
import { ApiProblemResponses } from '../common/openapi/api-problem-responses.decorator';
import { ListTriggersQueryDto } from './dto/list-triggers-query.dto';
import { TriggerInputDto, TriggerPatchDto } from './dto/trigger-input.dto';
import { TriggerDto, TriggerListDto, TriggerWriteResultDto } from './dto/trigger.dto';
import type { TriggerView } from './model/trigger-view';
import { TriggersService } from './triggers.service';

const TriggerId = () => Param('id', new UuidParamPipe('Trigger'));
const ETAG = { ETag: { description: 'The trigger\'s version, `"<version>"`', schema: { type: 'string' } } };

/** Answers a single trigger with its version as a strong ETag. */
function versioned<T extends TriggerView>(reply: FastifyReply, view: T): T {
  reply.header('etag', entityTag(view.version));
  return view;
}

@ApiTags('triggers')
@Controller('v1/triggers')
export class TriggersController {
  constructor(private readonly triggers: TriggersService) {}

  @Get()
  @RequireRole('viewer')
  @ApiOperation({ summary: 'List triggers (filter, sort, paginate)' })
  @ApiOkResponse({ type: TriggerListDto })
  @ApiProblemResponses(400)
  list(@Query() query: ListTriggersQueryDto): Promise<TriggerListDto> {
    return this.triggers.list(query) as Promise<TriggerListDto>;
  }

  @Get(':id')
  @RequireRole('viewer')
  @ApiOperation({ summary: 'Read a trigger' })
  @ApiOkResponse({ type: TriggerDto, headers: ETAG })
  @ApiProblemResponses(404)
  async get(@TriggerId() id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<TriggerDto> {
    return versioned(reply, await this.triggers.get(id)) as TriggerDto;
  }

  @Post()
  @RequireRole('manager')
  @ApiOperation({ summary: 'Create a trigger' })
  @ApiCreatedResponse({ type: TriggerWriteResultDto, headers: { ...ETAG, Location: { description: '/v1/triggers/{id}', schema: { type: 'string' } } } })
  @ApiProblemResponses(400, 409)
  async create(@Body() body: TriggerInputDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<TriggerWriteResultDto> {
    const created = await this.triggers.create(body);
    reply.header('location', `/v1/triggers/${created.id}`);
    return versioned(reply, created) as TriggerWriteResultDto;
  }

  @Put(':id')
  @RequireRole('manager')
  @ApiOperation({ summary: 'Replace a trigger (omitted optional fields take their defaults)' })
  @ApiIfMatchHeader()
  @ApiOkResponse({ type: TriggerWriteResultDto, headers: ETAG })
  @ApiProblemResponses(400, 404, 409, 412)
  async replace(
    @TriggerId() id: string,
    @Body() body: TriggerInputDto,
    @IfMatch() precondition: VersionPrecondition,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TriggerWriteResultDto> {
    return versioned(reply, await this.triggers.replace(id, body, precondition)) as TriggerWriteResultDto;
  }

  @Patch(':id')
  @RequireRole('manager')
  @ApiOperation({ summary: 'Change some fields of a trigger (arrays are replaced whole)' })
  @ApiIfMatchHeader()
  @ApiOkResponse({ type: TriggerWriteResultDto, headers: ETAG })
  @ApiProblemResponses(400, 404, 409, 412)
  async change(
    @TriggerId() id: string,
    @Body() body: TriggerPatchDto,
    @IfMatch() precondition: VersionPrecondition,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TriggerWriteResultDto> {
    return versioned(reply, await this.triggers.change(id, body, precondition)) as TriggerWriteResultDto;
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireRole('manager')
  @ApiOperation({ summary: 'Delete a trigger' })
  @ApiIfMatchHeader()
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblemResponses(400, 404, 412)
  async remove(@TriggerId() id: string, @IfMatch() precondition: VersionPrecondition): Promise<void> {
    await this.triggers.remove(id, precondition);
  }
}
