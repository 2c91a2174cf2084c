/**
 * The API's own limits, defaults and names, imported from its pure constant modules in src/
 * (they import nothing; web/build.mjs fails when a bundle pulls in any package but preact).
 */
export { TRIGGER_DEFAULTS, TRIGGER_LIMITS } from '../../src/triggers/model/trigger-limits';
export { CONDITION_NAMES, EVENT_TYPES, type ConditionName, type EventType } from '../../src/conditions/condition-type';
export { MAX_PATTERN_LENGTH, MAX_TIME_ON_SITE_SECONDS, MAX_TITLE_LENGTH, MAX_URL_LENGTH } from '../../src/conditions/condition-limits';
export {
  DEPARTMENT_KEYED_RULES,
  DEVICE_CLASSES,
  GROUP_MATCHES,
  KEYED_RULES,
  LIST_OPS,
  NUMERIC_OPS,
  PRESENCE_OPS,
  type Rule,
  RULE_LIMITS,
  RULE_NAMES,
  RULE_OPS,
  SCHEDULE_KEYED_RULES,
  SCHEDULE_STATES,
  type ScheduleState,
  type GroupMatch,
  type RuleName,
  type RuleOp,
  STRING_OPS,
  TEXT_RULES,
} from '../../src/conditions/rules/rule-types';
export { SCHEDULE_LIMITS } from '../../src/schedules/model/schedule-limits';
export { WEEKDAYS, type Weekday } from '../../src/schedules/model/schedule.types';
export { ACTION_NAMES, type ActionName, type MatchMode, type SenderType } from '../../src/triggers/model/trigger.types';
export type { SortField } from '../../src/triggers/model/list-query';
export { PAGE_LIMITS, type Page } from '../../src/common/pagination/page';
export { FALLBACK_SENDER_NAME_MAX, type RoutingMethod } from '../../src/agent-queue/routing/routing-settings';
export { SECRET_TOKEN_MAX_LENGTH } from '../../src/external-service/secret-token-rules';
export { FREQUENCY_LIMITS, FREQUENCY_PERIODS, type FrequencyPeriod } from '../../src/evaluation/limits';
export { PROACTIVE_LIMITS } from '../../src/proactive-settings/proactive-settings';
export { COLOR_PATTERN as LIVECHAT_COLOR_PATTERN, TITLE_MAX as LIVECHAT_TITLE_MAX } from '../../src/livechat-settings/livechat-settings';
