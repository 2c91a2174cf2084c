import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../common/auth/access.decorator';
import { ApiProblemResponses } from '../common/openapi/api-problem-responses.decorator';
import { SendTestRequestDto, SendTestResultDto } from './dto/send-test.dto';
import { SendTestService } from './send-test.service';

@ApiTags('external-service')
@Controller('v1/external-service/test')
export class SendTestController {
  constructor(private readonly sendTest: SendTestService) {}

  @Post()
  @HttpCode(200)
  @RequireRole('manager')
  @ApiOperation({
    summary: 'Send Test: call an external service with sample data (visitor token `test-visitor`) and report the outcome',
    description: "Answers 200 whenever the test ran, failures included; the service's own body is never returned.",
  })
  @ApiOkResponse({ type: SendTestResultDto })
  @ApiProblemResponses(400)
  run(@Body() body: SendTestRequestDto): Promise<SendTestResultDto> {
    return this.sendTest.run(body) as Promise<SendTestResultDto>;
  }
}
