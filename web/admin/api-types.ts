/**
 * The API's shapes, as the console uses them. They come from `api.d.ts`, which
 * `npm run openapi:types` generates from openapi.json (openapi-typescript);
 * test/e2e/openapi-types-drift.spec.ts fails when it is out of date.
 */
import type { components } from './api.d';

type Schemas = components['schemas'];

export type Problem = Schemas['ProblemDto'];
export type FieldError = Schemas['FieldErrorDto'];

export type Trigger = Schemas['TriggerDto'];
export type TriggerInput = Schemas['TriggerInputDto'];
export type TriggerWriteResult = Schemas['TriggerWriteResultDto'];
export type TriggerList = Schemas['TriggerListDto'];
export type TriggerWarning = Schemas['TriggerWarningDto'];
export type TriggerStats = Schemas['TriggerStatsDto'];
/** How often a trigger may fire for one visitor (DESIGN §14). */
export type Frequency = Schemas['FrequencyDto'];
/**
 * A condition as written and as stored: Rocket.Chat's, a rule or a group (DESIGN §11). Taken
 * from the write body, whose union lists every form (TriggerDto's lists only Rocket.Chat's).
 */
export type Condition = TriggerInput['conditions'][number];
export type GroupCondition = Schemas['GroupConditionDto'];
export type Action = Trigger['actions'][number];

export type SendTestResult = Schemas['SendTestResultDto'];
export type ExplainResponse = Schemas['ExplainResponseDto'];
export type ExplainResult = Schemas['ExplainResultDto'];
export type ExplainReason = Schemas['ConditionReasonDto'];

export type Agent = Schemas['AgentDto'];
export type AgentPatch = Schemas['UpdateAgentDto'];
export type Department = Schemas['DepartmentDto'];
export type DepartmentPatch = Schemas['UpdateDepartmentDto'];
export type RoutingSettings = Schemas['RoutingSettingsDto'];
export type Availability = Schemas['AvailabilityDto'];
export type ExternalServiceSettings = Schemas['ExternalServiceSettingsDto'];
export type ExternalServiceSettingsInput = Schemas['UpdateExternalServiceSettingsDto'];
export type LivechatSettings = Schemas['LivechatSettingsDto'];
export type ProactiveSettings = Schemas['ProactiveSettingsDto'];

export type Schedule = Schemas['ScheduleDto'];
export type ScheduleInput = Schemas['ScheduleInputDto'];
export type ScheduleStatus = Schemas['ScheduleStatusDto'];
export type WeeklyWindow = Schemas['WeeklyWindowDto'];
export type TimeWindow = Schemas['TimeWindowDto'];
export type ScheduleException = Schemas['ScheduleExceptionDto'];
/** What still refers to a resource that cannot be deleted (409 `schedule-in-use`, `department-in-use`). */
export type UsedBy = Schemas['UsedByDto'];
