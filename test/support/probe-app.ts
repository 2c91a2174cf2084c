import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Type } from 'class-transformer';
import { IsInt, IsString, Max, MaxLength, ValidateNested, ArrayMinSize, IsArray } from 'class-validator';
import { Public, RequireRole } from '../../src/common/auth/access.decorator';
import { CommonModule } from '../../src/common/common.module';
import { loadConfig } from '../../src/config/app-config';
import { ConfigModule } from '../../src/config/config.module';
import { configureApp } from '../../src/http/configure-app';
import { NEST_APP_OPTIONS } from '../../src/http/create-app';
import { fastifyOptions } from '../../src/http/fastify-options';
import { baseTestEnv } from './test-app';

class ProbeItem {
  @IsString() @MaxLength(5) label: string;
  @IsInt() @Max(10) size: number;
}

class ProbeBody {
  @IsString() name: string;
  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => ProbeItem) items: ProbeItem[];
}

@Controller('probe')
class ProbeController {
  @Get('public') @Public() open() {
    return { ok: true };
  }
  @Get('read') @RequireRole('viewer') read() {
    return { ok: true };
  }
  @Post('write') @RequireRole('manager') write(@Body() body: ProbeBody) {
    return { received: body };
  }
  @Get('undeclared') undeclared() {
    return { ok: true };
  }
  @Get('boom') @Public() boom(): never {
    throw new Error('database password is hunter2 at /srv/app/secret.ts');
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

/** The real HTTP layer (filter, guard, pipe, helmet) around a probe controller, no database. */
export async function startProbeApp(): Promise<NestFastifyApplication> {
  const config = loadConfig({ ...baseTestEnv(), DATA_DIR: '/tmp/lt-probe' });
  const moduleRef = await Test.createTestingModule({ imports: [ConfigModule.forRoot(config), CommonModule, ProbeModule] }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(fastifyOptions(config)), { ...NEST_APP_OPTIONS, logger: false });
  await configureApp(app, config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
