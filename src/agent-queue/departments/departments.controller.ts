import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequireRole } from '../../common/auth/access.decorator';
import { ApiProblemResponses } from '../../common/openapi/api-problem-responses.decorator';
import { toDepartmentDto, toDepartmentPageDto } from './department.mapper';
import { DepartmentIdPipe } from './department-id.pipe';
import { CreateDepartmentDto, DepartmentListQueryDto, DepartmentMembersDto, UpdateDepartmentDto } from './department-request.dto';
import { DepartmentDto, DepartmentPageDto } from './department-response.dto';
import { DepartmentsService } from './departments.service';

const IdParam = () => ApiParam({ name: 'id', schema: { type: 'string', format: 'uuid' } });

@ApiTags('departments')
@Controller('v1/departments')
export class DepartmentsController {
  constructor(private readonly departments: DepartmentsService) {}

  @Get()
  @RequireRole('viewer')
  @ApiOperation({ summary: 'List departments, by name; filters enabled, showOnRegistration' })
  @ApiOkResponse({ type: DepartmentPageDto })
  @ApiProblemResponses(400)
  async list(@Query() query: DepartmentListQueryDto): Promise<DepartmentPageDto> {
    return toDepartmentPageDto(await this.departments.list(query));
  }

  @Post()
  @RequireRole('manager')
  @ApiOperation({ summary: 'Create a department' })
  @ApiCreatedResponse({ type: DepartmentDto, description: 'Created (with Location)' })
  @ApiProblemResponses(400, 409)
  async create(@Body() body: CreateDepartmentDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<DepartmentDto> {
    const department = await this.departments.create(body);
    reply.header('location', `/v1/departments/${department.id}`);
    return toDepartmentDto(department);
  }

  @Get(':id')
  @RequireRole('viewer')
  @IdParam()
  @ApiOkResponse({ type: DepartmentDto })
  @ApiProblemResponses(404)
  async get(@Param('id', DepartmentIdPipe) id: string): Promise<DepartmentDto> {
    return toDepartmentDto(await this.departments.get(id));
  }

  @Patch(':id')
  @RequireRole('manager')
  @IdParam()
  @ApiOperation({ summary: 'Change name, enabled or showOnRegistration' })
  @ApiOkResponse({ type: DepartmentDto })
  @ApiProblemResponses(400, 404, 409)
  async update(@Param('id', DepartmentIdPipe) id: string, @Body() body: UpdateDepartmentDto): Promise<DepartmentDto> {
    return toDepartmentDto(await this.departments.update(id, body));
  }

  @Delete(':id')
  @RequireRole('manager')
  @HttpCode(204)
  @IdParam()
  @ApiOperation({
    summary: 'Delete a department, with its memberships',
    description: "While any trigger's rules name it (`department`, `agents-available`; disabled triggers too): 409 `department-in-use` with `usedBy`.",
  })
  @ApiNoContentResponse()
  @ApiProblemResponses(404, 409)
  async delete(@Param('id', DepartmentIdPipe) id: string): Promise<void> {
    await this.departments.delete(id);
  }

  @Put(':id/agents')
  @RequireRole('manager')
  @IdParam()
  @ApiOperation({ summary: 'Set the members: exactly these agents (any unknown username: 400, nothing changed)' })
  @ApiOkResponse({ type: DepartmentDto })
  @ApiProblemResponses(400, 404)
  async setMembers(@Param('id', DepartmentIdPipe) id: string, @Body() body: DepartmentMembersDto): Promise<DepartmentDto> {
    return toDepartmentDto(await this.departments.setMembers(id, body.usernames));
  }
}
