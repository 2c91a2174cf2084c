import { Module } from '@nestjs/common';
import { SettingsModule } from '../settings/settings.module';
import { AgentAvailability } from './availability/agent-availability';
import { AvailabilityRepository } from './availability/availability.repository';
import { AgentsController } from './agents/agents.controller';
import { AgentsRepository } from './agents/agents.repository';
import { AgentsService } from './agents/agents.service';
import { DepartmentUsageRepository } from './departments/department-usage.repository';
import { DepartmentsController } from './departments/departments.controller';
import { DepartmentsRepository } from './departments/departments.repository';
import { DepartmentsService } from './departments/departments.service';
import { RoutingSettingsController } from './routing/routing-settings.controller';
import { RoutingSettingsService } from './routing/routing-settings.service';
import { RoutingController } from './routing/routing.controller';
import { RoutingRepository } from './routing/routing.repository';
import { RoutingService } from './routing/routing.service';
import { DepartmentHours } from './shared/department-hours';

/** Agents, departments, routing settings and the next agent (DESIGN §4). */
@Module({
  imports: [SettingsModule],
  controllers: [AgentsController, DepartmentsController, RoutingController, RoutingSettingsController],
  providers: [
    AgentAvailability,
    { provide: DepartmentHours, useExisting: AgentAvailability },
    AvailabilityRepository,
    AgentsRepository,
    AgentsService,
    DepartmentsRepository,
    DepartmentUsageRepository,
    DepartmentsService,
    RoutingRepository,
    RoutingService,
    RoutingSettingsService,
  ],
  exports: [AgentAvailability, AgentsService, RoutingService, RoutingSettingsService],
})
export class AgentQueueModule {}
