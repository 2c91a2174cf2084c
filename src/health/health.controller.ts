import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../common/auth/access.decorator';
import { ApiProblemResponses } from '../common/openapi/api-problem-responses.decorator';
import { LifecycleState } from './lifecycle-state';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly lifecycle: LifecycleState,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({ schema: { type: 'object', properties: { status: { type: 'string', example: 'ok' } } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: the database answers and the instance is not draining' })
  @ApiProblemResponses(503)
  async ready() {
    this.refuseWhileDraining();
    const result = await this.health.check([() => this.database.pingCheck('database', { timeout: 1500 })]);
    // a SIGTERM handled while the ping was out: the answer says what holds when it is sent
    this.refuseWhileDraining();
    return result;
  }

  private refuseWhileDraining(): void {
    if (this.lifecycle.isDraining) throw new ServiceUnavailableException('The instance is shutting down');
  }
}
