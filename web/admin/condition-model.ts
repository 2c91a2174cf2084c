/**
 * The condition tree's form state (DESIGN §11: Rocket.Chat conditions, rules, groups), its
 * conversion to and from the API's shape, and the checks that need no server.
 */
import {
  CONDITION_NAMES,
  type ConditionName,
  DEPARTMENT_KEYED_RULES,
  type GroupMatch,
  KEYED_RULES,
  LIST_OPS,
  MAX_PATTERN_LENGTH,
  MAX_TIME_ON_SITE_SECONDS,
  NUMERIC_OPS,
  PRESENCE_OPS,
  type Rule,
  RULE_NAMES,
  RULE_OPS,
  type RuleName,
  type RuleOp,
  SCHEDULE_KEYED_RULES,
  STRING_OPS,
  TEXT_RULES,
} from './api-constants';
import type { Condition, FieldError } from './api-types';

export type ConditionKind = ConditionName | RuleName | 'group';

export const CONDITION_LABELS: Record<ConditionName, string> = {
  'page-url': 'Page URL',
  'time-on-site': 'Time on site',
  'chat-opened-by-visitor': 'Chat opened by visitor',
  'after-guest-registration': 'After guest registration',
};
export const RULE_LABELS: Record<RuleName, string> = {
  'page-title': 'Page title',
  referrer: 'Referrer',
  'query-param': 'Query parameter',
  'visitor-attribute': 'Visitor attribute (metadata)',
  'visitor-registered': 'Visitor registered',
  department: 'Department',
  'visit-count': 'Visit count',
  'chats-opened': 'Chats opened',
  language: 'Language',
  device: 'Device',
  country: 'Country',
  'time-on-page': 'Time on page (s)',
  'custom-event': 'Custom event',
  'agents-available': 'Agents available',
  schedule: 'Schedule',
};
export const OP_LABELS: Record<RuleOp, string> = {
  eq: 'equals',
  neq: 'does not equal',
  contains: 'contains',
  'not-contains': 'does not contain',
  'starts-with': 'starts with',
  'ends-with': 'ends with',
  regex: 'matches regex (RE2)',
  'not-regex': 'does not match regex',
  in: 'is one of',
  'not-in': 'is none of',
  lt: '<',
  lte: '≤',
  gt: '>',
  gte: '≥',
  exists: 'is present',
  'not-exists': 'is absent',
};
export const MATCH_LABELS: Record<GroupMatch, string> = { all: 'all hold', any: 'any holds', none: 'none holds' };

/** One row of the tree; the fields a kind does not use keep their defaults (like ActionForm). */
export interface ConditionForm {
  name: ConditionKind;
  /** A Rocket.Chat condition's or a rule's value as typed; a list is one item per line. */
  value: string;
  op: RuleOp;
  /** The metadata key or query parameter; a department id for `agents-available` (empty: none, all agents); a schedule id for `schedule`. */
  key: string;
  /** Left out of the body while undefined (the server's default: case-insensitive). */
  caseSensitive?: boolean;
  /** `visitor-attribute` with `eq`/`neq`: compare numbers (the value is sent as a number). */
  numeric: boolean;
  match: GroupMatch;
  conditions: ConditionForm[];
}

const RULE_NAME_SET: ReadonlySet<string> = new Set(RULE_NAMES);
const NUMBER_RULES: ReadonlySet<ConditionKind> = new Set(['visit-count', 'chats-opened', 'time-on-page', 'agents-available']);
const NUMERIC_ONLY_OPS: ReadonlySet<string> = new Set(NUMERIC_OPS.filter((op) => !(STRING_OPS as readonly string[]).includes(op)));

export const isRuleName = (name: ConditionKind): name is RuleName => RULE_NAME_SET.has(name);
export const isPresenceOp = (op: RuleOp): boolean => (PRESENCE_OPS as readonly string[]).includes(op);
export const isListOp = (op: RuleOp): boolean => LIST_OPS.has(op);

/** The rule's value is a number: numeric rules, and `visitor-attribute` under a numeric comparison. */
export function takesNumber(c: ConditionForm): boolean {
  if (NUMBER_RULES.has(c.name)) return true;
  return c.name === 'visitor-attribute' && (NUMERIC_ONLY_OPS.has(c.op) || ((c.op === 'eq' || c.op === 'neq') && c.numeric));
}

/** `caseSensitive` means something (the server refuses it otherwise). */
export function takesCaseSensitive(c: ConditionForm): boolean {
  return isRuleName(c.name) && TEXT_RULES.has(c.name) && (STRING_OPS as readonly string[]).includes(c.op) && !takesNumber(c);
}

export function newCondition(name: ConditionKind = 'page-url'): ConditionForm {
  const base: ConditionForm = { name, value: '', op: 'eq', key: '', numeric: false, match: 'all', conditions: [] };
  if (name === 'group') return { ...base, conditions: [newCondition()] };
  if (!isRuleName(name)) return base;
  // agents-available starts as its typical use: at least one agent there to answer
  if (name === 'agents-available') return { ...base, op: 'gte', value: '1' };
  // schedule starts as its typical use: only during opening hours
  const value = name === 'visitor-registered' ? 'true' : name === 'device' ? 'desktop' : name === 'schedule' ? 'open' : '';
  return { ...base, op: RULE_OPS[name][0], value };
}

function valueText(value: Rule['value']): string {
  if (value === undefined) return '';
  return Array.isArray(value) ? value.join('\n') : String(value);
}

export function conditionForm(condition: Condition): ConditionForm {
  const base = newCondition(condition.name);
  if (condition.name === 'group') return { ...base, match: condition.match, conditions: condition.conditions.map(conditionForm) };
  if (condition.name === 'page-url') return { ...base, value: condition.value };
  if (condition.name === 'time-on-site') return { ...base, value: String(condition.value) };
  if (condition.name === 'chat-opened-by-visitor' || condition.name === 'after-guest-registration') return base;
  const rule = condition as Rule;
  return {
    ...base,
    op: rule.op,
    key: rule.key ?? '',
    value: valueText(rule.value),
    caseSensitive: rule.caseSensitive,
    numeric: typeof rule.value === 'number',
  };
}

/** A number when the text is one; otherwise the text as typed, for the server to refuse at its path. */
function numberOrText(text: string): number | string {
  const number = Number(text);
  return text.trim() !== '' && Number.isFinite(number) ? number : text;
}

function ruleValue(c: ConditionForm): Rule['value'] {
  if (isListOp(c.op)) return c.value === '' ? [] : c.value.split('\n');
  if (c.name === 'visitor-registered') return c.value === 'true';
  return takesNumber(c) ? numberOrText(c.value) : c.value;
}

export function conditionBody(c: ConditionForm): Condition {
  if (c.name === 'group') return { name: 'group', match: c.match, conditions: c.conditions.map(conditionBody) };
  if (c.name === 'page-url') return { name: c.name, value: c.value };
  if (c.name === 'time-on-site') return { name: c.name, value: Number(c.value) };
  if (!isRuleName(c.name)) return { name: c.name, value: null };
  const rule: Rule = {
    name: c.name,
    op: c.op,
    ...(KEYED_RULES.has(c.name) || SCHEDULE_KEYED_RULES.has(c.name) || (DEPARTMENT_KEYED_RULES.has(c.name) && c.key !== '') ? { key: c.key } : {}),
    ...(isPresenceOp(c.op) ? {} : { value: ruleValue(c) }),
    ...(c.caseSensitive !== undefined && takesCaseSensitive(c) ? { caseSensitive: c.caseSensitive } : {}),
  };
  return rule as Condition;
}

function isInteger(text: string, min: number, max: number): boolean {
  if (!/^\s*\d+\s*$/.test(text)) return false;
  const value = Number(text);
  return value >= min && value <= max;
}

/** The Rocket.Chat conditions' checks, at every depth; rules are the server's to check (RE2, ids), but for a schedule left unchosen. */
export function validateConditions(conditions: readonly ConditionForm[], path: string, errors: FieldError[]): void {
  conditions.forEach((c, i) => {
    const at = `${path}[${i}]`;
    if (c.name === 'group') validateConditions(c.conditions, `${at}.conditions`, errors);
    if (c.name === 'page-url' && (c.value.length < 1 || c.value.length > MAX_PATTERN_LENGTH)) {
      errors.push({ path: `${at}.value`, message: `the page URL pattern must be 1 to ${MAX_PATTERN_LENGTH} characters` });
    }
    if (c.name === 'time-on-site' && !isInteger(c.value, 0, MAX_TIME_ON_SITE_SECONDS)) {
      errors.push({ path: `${at}.value`, message: `time on site must be whole seconds from 0 to ${MAX_TIME_ON_SITE_SECONDS}` });
    }
    if (isRuleName(c.name) && SCHEDULE_KEYED_RULES.has(c.name) && c.key === '') errors.push({ path: `${at}.key`, message: 'choose a schedule' });
  });
}

/**
 * A one-line summary (the trigger list); `names` turns the ids a rule's key holds (a
 * schedule, a department) into names where it knows them.
 */
export function conditionText(c: Condition, names: ReadonlyMap<string, string> = new Map()): string {
  if (c.name === 'group') {
    const inner = c.conditions.map((child) => conditionText(child, names)).join(c.match === 'all' ? ' and ' : ' or ');
    return c.match === 'none' ? `none of (${inner})` : `(${inner})`;
  }
  if (c.name === 'page-url') return `URL ~ ${c.value}`;
  if (c.name === 'time-on-site') return `≥ ${c.value} s on site`;
  if (!isRuleName(c.name)) return CONDITION_LABELS[c.name as ConditionName];
  const rule = c as Rule;
  const key = rule.key === undefined ? '' : ` [${names.get(rule.key.toLowerCase()) ?? rule.key}]`;
  const value = rule.value === undefined ? '' : ` ${Array.isArray(rule.value) ? rule.value.join(', ') : String(rule.value)}`;
  return `${RULE_LABELS[rule.name]}${key} ${OP_LABELS[rule.op]}${value}`;
}

export const KIND_OPTIONS: readonly { label: string; kinds: readonly ConditionKind[] }[] = [
  { label: 'Rocket.Chat conditions', kinds: CONDITION_NAMES },
  { label: 'Rules', kinds: RULE_NAMES },
  { label: 'Groups', kinds: ['group'] },
];

export function kindLabel(kind: ConditionKind): string {
  if (kind === 'group') return 'Group';
  return isRuleName(kind) ? RULE_LABELS[kind] : CONDITION_LABELS[kind];
}
