import { getSchemaPath } from '@nestjs/swagger';
import {
  CONDITIONS_MAX,
  CONDITIONS_MIN,
  CUSTOM_EVENT_NAME_PATTERN,
  DEPARTMENT_KEYED_RULES,
  DEVICE_CLASSES,
  GROUP_MATCHES,
  KEYED_RULES,
  LIST_OPS,
  MAX_TIME_ON_SITE_SECONDS,
  RULE_LIMITS,
  RULE_NAMES,
  RULE_OPS,
  type RuleName,
  SCHEDULE_KEYED_RULES,
  SCHEDULE_STATES,
  TEXT_RULES,
} from '../../conditions';
import { LANGUAGE_TAG_PATTERN, MAX_LANGUAGE_TAG_LENGTH } from '../../conditions/language-tag';
import { CONDITION_VARIANTS } from './condition.dto';

/** An OpenAPI schema object, as plain data. */
type SchemaObject = Readonly<Record<string, unknown>>;

const L = RULE_LIMITS;
const GROUP_SCHEMA = 'GroupConditionDto';

/** The OpenAPI schema name of a rule, e.g. `PageTitleRuleDto`. */
function ruleSchemaName(name: RuleName): string {
  return `${name.replace(/(^|-)([a-z])/g, (_all, _dash: string, letter: string) => letter.toUpperCase())}RuleDto`;
}

const TEXT: SchemaObject = { type: 'string', maxLength: L.valueMaxLength };

/** One value of a rule (a list op takes an array of them). */
function itemSchema(name: RuleName): SchemaObject {
  switch (name) {
    case 'visit-count':
    case 'chats-opened':
      return { type: 'integer', minimum: 0, maximum: L.countMax };
    case 'time-on-page':
      return { type: 'integer', minimum: 0, maximum: MAX_TIME_ON_SITE_SECONDS };
    case 'agents-available':
      return { type: 'integer', minimum: 0, maximum: L.agentsMax };
    case 'visitor-registered':
      return { type: 'boolean' };
    case 'department':
      return { type: 'string', format: 'uuid' };
    case 'language':
      return { type: 'string', pattern: LANGUAGE_TAG_PATTERN.source, maxLength: MAX_LANGUAGE_TAG_LENGTH };
    case 'device':
      return { type: 'string', enum: [...DEVICE_CLASSES] };
    case 'country':
      return { type: 'string', pattern: '^[A-Z]{2}$' };
    case 'custom-event':
      return { type: 'string', pattern: CUSTOM_EVENT_NAME_PATTERN.source };
    case 'schedule':
      return { type: 'string', enum: [...SCHEDULE_STATES] };
    default:
      return TEXT;
  }
}

const FACTS: Readonly<Record<RuleName, string>> = {
  'page-title': "The event's page title",
  referrer: 'The visit\'s referrer (the first event of the visit that carried one; `""` is a direct visit)',
  'query-param': "The first value of the query parameter `key` in the event's URL, percent-decoded",
  'visitor-attribute': "The visitor's metadata value under `key`; numeric ops parse it as a decimal number",
  'visitor-registered': 'Whether the visitor is registered (this rule then decides whether a registered visitor gets the trigger)',
  department: "The visitor's registered department",
  'visit-count': "The visitor's visits so far, this one included",
  'chats-opened': 'The chat-opened events the visitor reported before this event',
  language: "The visitor's language: the event's, else the registration's, else the first of Accept-Language; `pt` matches `pt-BR`",
  device: "The request's User-Agent class: desktop, mobile or tablet (iPadOS in desktop mode is desktop)",
  country: "The request's country: COUNTRY_HEADER (with TRUST_PROXY) or the MaxMind database at GEOIP_DB",
  'time-on-page': "The event's timeOnPageSeconds, else the seconds since the visitor's last page view; `gte` waits like time-on-site",
  'custom-event': 'Edge: true only on a `custom` event (`LivechatTriggers.track(name)`) with that name; compared case-sensitively',
  'agents-available':
    'How many agents are available now (accept chats, online, or away with includeAwayAgents), in the department `key` when given (its id), else in all',
  schedule: "Whether the schedule `key` (its id) is open or closed at the event's moment (explain: at `at`)",
};

function ruleSchema(name: RuleName): SchemaObject {
  const ops = RULE_OPS[name];
  const item = name === 'visitor-attribute' ? { oneOf: [TEXT, { type: 'number' }] } : itemSchema(name);
  const list: SchemaObject = { type: 'array', items: itemSchema(name), minItems: L.listMin, maxItems: L.listMax };
  const value = ops.some((op) => LIST_OPS.has(op)) ? { oneOf: [item, list] } : item;
  return {
    type: 'object',
    description: `${FACTS[name]}. Ops: ${ops.join(', ')}.`,
    required: ['name', 'op', ...(KEYED_RULES.has(name) || SCHEDULE_KEYED_RULES.has(name) ? ['key'] : [])],
    properties: {
      name: { type: 'string', enum: [name] },
      op: { type: 'string', enum: [...ops] },
      ...(KEYED_RULES.has(name) ? { key: { type: 'string', minLength: 1, maxLength: L.keyMaxLength } } : {}),
      ...(DEPARTMENT_KEYED_RULES.has(name) ? { key: { type: 'string', format: 'uuid', description: 'A department id; left out: every agent' } } : {}),
      ...(SCHEDULE_KEYED_RULES.has(name) ? { key: { type: 'string', format: 'uuid', description: 'A schedule id' } } : {}),
      value: { ...value, description: 'Left out with exists and not-exists; an array with in and not-in' },
      ...(TEXT_RULES.has(name) ? { caseSensitive: { type: 'boolean', default: false, description: 'String ops only' } } : {}),
    },
  };
}

/** Every condition schema by name: Rocket.Chat's four (classes), the rules and the group. */
function conditionRefs(): Record<string, string> {
  return {
    ...Object.fromEntries(Object.entries(CONDITION_VARIANTS).map(([name, model]) => [name, getSchemaPath(model)])),
    ...Object.fromEntries(RULE_NAMES.map((name) => [name, getSchemaPath(ruleSchemaName(name))])),
    group: getSchemaPath(GROUP_SCHEMA),
  };
}

/** A list of conditions (the trigger's, a group's): a union told apart by `name`; the group refers to itself by name. */
export function conditionListSchema(min: number, max: number, description: string): SchemaObject {
  const refs = conditionRefs();
  return {
    type: 'array',
    minItems: min,
    maxItems: max,
    description,
    items: { oneOf: Object.values(refs).map(($ref) => ({ $ref })), discriminator: { propertyName: 'name', mapping: refs } },
  };
}

/** The rule and group schemas, added to the document's components (DESIGN §16: one schema per rule name). */
export function ruleAndGroupSchemas(): Record<string, SchemaObject> {
  return {
    ...Object.fromEntries(RULE_NAMES.map((name) => [ruleSchemaName(name), ruleSchema(name)])),
    [GROUP_SCHEMA]: {
      type: 'object',
      description: `True when all, any or none of its conditions are true; groups nest ${L.maxDepth} deep`,
      required: ['name', 'match', 'conditions'],
      properties: {
        name: { type: 'string', enum: ['group'] },
        match: { type: 'string', enum: [...GROUP_MATCHES] },
        conditions: conditionListSchema(L.groupChildrenMin, L.groupChildrenMax, 'The group’s conditions'),
      },
    },
  };
}

export const TOP_LEVEL_CONDITIONS = { min: CONDITIONS_MIN, max: CONDITIONS_MAX } as const;
