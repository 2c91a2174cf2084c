import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../common/auth/access.decorator';
import { ApiProblemResponses } from '../common/openapi/api-problem-responses.decorator';
import { ExplainRequestDto, ExplainResponseDto } from './dto/explain.dto';
import { ExplainService } from './explain.service';

@ApiTags('triggers')
@Controller('v1/triggers')
export class ExplainController {
  constructor(private readonly explainer: ExplainService) {}

  @Post('explain')
  @HttpCode(200)
  @RequireRole('viewer')
  @ApiOperation({ summary: 'Dry run: which triggers would fire for a visitor context, and which condition failed (no side effects)' })
  @ApiBody({ type: ExplainRequestDto })
  @ApiOkResponse({ type: ExplainResponseDto })
  @ApiProblemResponses(400, 413, 415, 503)
  explain(@Body() request: ExplainRequestDto): Promise<ExplainResponseDto> {
    return this.explainer.explain(request);
  }
}
