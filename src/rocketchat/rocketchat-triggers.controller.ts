import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiRcFailures } from './dto/rc-failure.dto';
import { RcListQueryDto, RcSendTestDto } from './dto/rc-requests.dto';
import { RcExternalFailureDto, RcExternalSuccessDto, RcSuccessDto, RcTriggerListDto, RcTriggerResultDto } from './dto/rc-responses.dto';
import { RcTriggerBodyDto } from './dto/rc-trigger-body.dto';
import { RocketChatAuth } from './rocketchat-auth';
import type { RcExternalAnswer } from './rocketchat-external.mapper';
import { RocketChatTriggersService, RcTriggerPage } from './rocketchat-triggers.service';

/** Rocket.Chat answers a failed external call with 400 and the same kind of body. */
export function answered<T extends { success: boolean }>(reply: FastifyReply, answer: T): T {
  if (!answer.success) reply.status(400);
  return answer;
}

@ApiTags('rocketchat')
@RocketChatAuth()
@ApiRcFailures(400)
@Controller('api/v1/livechat/triggers')
export class RocketChatTriggersController {
  constructor(private readonly triggers: RocketChatTriggersService) {}

  @Get()
  @ApiOperation({ summary: 'List triggers (Rocket.Chat: count, offset, sort as JSON)' })
  @ApiOkResponse({ type: RcTriggerListDto })
  list(@Query() query: RcListQueryDto): Promise<RcTriggerPage> {
    return this.triggers.list(query);
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Create a trigger, or update the one `_id` names (native priority and match are kept)' })
  @ApiOkResponse({ type: RcSuccessDto })
  async save(@Body() body: RcTriggerBodyDto): Promise<RcSuccessDto> {
    await this.triggers.save(body);
    return { success: true };
  }

  @Post('external-service/test')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send Test (visitor token "1234567890"); a failed call answers 400 with the error code' })
  @ApiOkResponse({ type: RcExternalSuccessDto })
  @ApiBadRequestResponse({ type: RcExternalFailureDto, description: 'The call failed, no secret token is set, or invalid params' })
  async sendTest(@Body() body: RcSendTestDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<RcExternalAnswer> {
    return answered(reply, await this.triggers.sendTest(body));
  }

  @Get(':_id')
  @ApiOperation({ summary: 'Read a trigger (an unknown id answers `trigger: null`)' })
  @ApiOkResponse({ type: RcTriggerResultDto })
  async get(@Param('_id') id: string): Promise<RcTriggerResultDto> {
    return { trigger: await this.triggers.get(id), success: true } as RcTriggerResultDto;
  }

  @Delete(':_id')
  @ApiOperation({ summary: 'Delete a trigger (an unknown id succeeds too)' })
  @ApiOkResponse({ type: RcSuccessDto })
  async remove(@Param('_id') id: string): Promise<RcSuccessDto> {
    await this.triggers.remove(id);
    return { success: true };
  }
}
