/**
 * Targeting rules (DESIGN §11): `{name, op, value?, key?, caseSensitive?}`. Imports nothing:
 * the admin console and the widget use these lists too.
 */
export const RULE_NAMES = [
  'page-title',
  'referrer',
  'query-param',
  'visitor-attribute',
  'visitor-registered',
  'department',
  'visit-count',
  'chats-opened',
  'language',
  'device',
  'country',
  'time-on-page',
  'custom-event',
  'agents-available',
  'schedule',
] as const;
export type RuleName = (typeof RULE_NAMES)[number];

export const STRING_OPS = ['eq', 'neq', 'contains', 'not-contains', 'starts-with', 'ends-with', 'regex', 'not-regex', 'in', 'not-in'] as const;
export const NUMERIC_OPS = ['eq', 'neq', 'lt', 'lte', 'gt', 'gte'] as const;
export const PRESENCE_OPS = ['exists', 'not-exists'] as const;
export const SET_OPS = ['eq', 'neq', 'in', 'not-in'] as const;
export type StringOp = (typeof STRING_OPS)[number];
export type NumericOp = (typeof NUMERIC_OPS)[number];
export type PresenceOp = (typeof PRESENCE_OPS)[number];
export type RuleOp = StringOp | NumericOp | PresenceOp;

/** Ops that hold when the fact is absent (DESIGN §11: "absent facts"). */
export const NEGATIVE_OPS: ReadonlySet<string> = new Set(['neq', 'not-contains', 'not-regex', 'not-in', 'not-exists']);
/** Ops whose value is a list. */
export const LIST_OPS: ReadonlySet<string> = new Set(['in', 'not-in']);

/** What a `schedule` rule compares: the schedule's state at the event's moment (DESIGN §13). */
export const SCHEDULE_STATES = ['open', 'closed'] as const;
export type ScheduleState = (typeof SCHEDULE_STATES)[number];

export const DEVICE_CLASSES = ['desktop', 'mobile', 'tablet'] as const;
export type DeviceClass = (typeof DEVICE_CLASSES)[number];

export const GROUP_MATCHES = ['all', 'any', 'none'] as const;
export type GroupMatch = (typeof GROUP_MATCHES)[number];

/** A stored rule: only the fields given (and allowed) are kept. */
export interface Rule {
  readonly name: RuleName;
  readonly op: RuleOp;
  readonly key?: string;
  readonly value?: string | number | boolean | readonly string[];
  readonly caseSensitive?: boolean;
}

/** The bounds of rules and groups (DESIGN §11, §16). */
export const RULE_LIMITS = {
  valueMaxLength: 512,
  listMin: 1,
  listMax: 50,
  keyMaxLength: 64,
  countMax: 1_000_000,
  groupChildrenMin: 1,
  groupChildrenMax: 10,
  maxDepth: 3,
  maxLeaves: 20,
  agentsMax: 100_000,
} as const;

/** What each rule accepts: its ops, whether it takes a `key`, and whether its string ops may be case-sensitive. */
export const RULE_OPS: Readonly<Record<RuleName, readonly RuleOp[]>> = {
  'page-title': [...STRING_OPS, ...PRESENCE_OPS],
  referrer: [...STRING_OPS, ...PRESENCE_OPS],
  'query-param': [...STRING_OPS, ...PRESENCE_OPS],
  'visitor-attribute': [...new Set<RuleOp>([...STRING_OPS, ...NUMERIC_OPS, ...PRESENCE_OPS])],
  'visitor-registered': ['eq'],
  department: [...SET_OPS, ...PRESENCE_OPS],
  'visit-count': NUMERIC_OPS,
  'chats-opened': NUMERIC_OPS,
  language: [...SET_OPS, ...PRESENCE_OPS],
  device: SET_OPS,
  country: [...SET_OPS, ...PRESENCE_OPS],
  'time-on-page': ['gte', 'lt'],
  'custom-event': ['eq', 'in'],
  'agents-available': NUMERIC_OPS,
  schedule: ['eq'],
};

/** Rules that read a `key` (the metadata key, the query parameter). */
export const KEYED_RULES: ReadonlySet<RuleName> = new Set(['query-param', 'visitor-attribute']);
/** Rules whose `key` may be left out: `agents-available` counts in one department (its id) or in all. */
export const DEPARTMENT_KEYED_RULES: ReadonlySet<RuleName> = new Set(['agents-available']);
/** Rules whose `key` is required and names a schedule (its id). */
export const SCHEDULE_KEYED_RULES: ReadonlySet<RuleName> = new Set(['schedule']);
/** Rules whose string ops compare text (so `caseSensitive` means something). */
export const TEXT_RULES: ReadonlySet<RuleName> = new Set(['page-title', 'referrer', 'query-param', 'visitor-attribute']);
