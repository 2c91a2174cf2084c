import { RE2JS } from 're2js';
import { isLanguageTag } from '../language-tag';
import { CUSTOM_EVENT_NAME_PATTERN, MAX_PATTERN_LENGTH, MAX_PROGRAM_SIZE, MAX_TIME_ON_SITE_SECONDS } from '../condition-limits';
import {
  DEVICE_CLASSES,
  DEPARTMENT_KEYED_RULES,
  KEYED_RULES,
  LIST_OPS,
  NUMERIC_OPS,
  PRESENCE_OPS,
  type Rule,
  RULE_LIMITS,
  RULE_OPS,
  type RuleName,
  SCHEDULE_KEYED_RULES,
  SCHEDULE_STATES,
  type RuleOp,
  STRING_OPS,
  TEXT_RULES,
} from './rule-types';

export interface PathProblem {
  readonly path: string;
  readonly message: string;
}

const RULE_FIELDS = new Set(['name', 'op', 'key', 'value', 'caseSensitive']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COUNTRY = /^[A-Z]{2}$/;
const L = RULE_LIMITS;

/** One value of a rule's single-value ops: undefined when fine, else what is wrong. */
type ItemCheck = (item: unknown) => string | undefined;

const text: ItemCheck = (item) =>
  typeof item === 'string' && item.length <= L.valueMaxLength ? undefined : `must be a string of at most ${L.valueMaxLength} characters`;
const count: ItemCheck = (item) =>
  Number.isInteger(item) && (item as number) >= 0 && (item as number) <= L.countMax ? undefined : `must be a whole number from 0 to ${L.countMax}`;
const finite: ItemCheck = (item) => (typeof item === 'number' && Number.isFinite(item) ? undefined : 'must be a finite number');
const seconds: ItemCheck = (item) =>
  Number.isInteger(item) && (item as number) >= 0 && (item as number) <= MAX_TIME_ON_SITE_SECONDS
    ? undefined
    : `must be a whole number of seconds from 0 to ${MAX_TIME_ON_SITE_SECONDS}`;

/** The check of one value item of `name` under `op` (a list op checks each item with it). */
function itemCheck(name: RuleName, op: RuleOp): ItemCheck {
  switch (name) {
    case 'visitor-attribute':
      return (NUMERIC_OPS as readonly string[]).includes(op) && !(STRING_OPS as readonly string[]).includes(op) ? finite : numericOrText(op);
    case 'visit-count':
    case 'chats-opened':
      return count;
    case 'time-on-page':
      return seconds;
    case 'agents-available':
      return (item) =>
        Number.isInteger(item) && (item as number) >= 0 && (item as number) <= L.agentsMax ? undefined : `must be a whole number from 0 to ${L.agentsMax}`;
    case 'visitor-registered':
      return (item) => (typeof item === 'boolean' ? undefined : 'must be true or false');
    case 'schedule':
      return (item) => ((SCHEDULE_STATES as readonly unknown[]).includes(item) ? undefined : `must be one of: ${SCHEDULE_STATES.join(', ')}`);
    case 'department':
      return (item) => (typeof item === 'string' && UUID.test(item) ? undefined : 'must be a department id (a UUID)');
    case 'language':
      return (item) => (isLanguageTag(item) ? undefined : 'must be a BCP 47 language tag such as pt-BR');
    case 'device':
      return (item) => ((DEVICE_CLASSES as readonly unknown[]).includes(item) ? undefined : `must be one of: ${DEVICE_CLASSES.join(', ')}`);
    case 'country':
      return (item) => (typeof item === 'string' && COUNTRY.test(item) ? undefined : 'must be an ISO 3166-1 alpha-2 code in upper case, such as DE');
    case 'custom-event':
      return (item) =>
        typeof item === 'string' && CUSTOM_EVENT_NAME_PATTERN.test(item) ? undefined : 'must be an event name of 1 to 64 characters of A-Z, a-z, 0-9, _ . : -';
    default:
      return text;
  }
}

/** `visitor-attribute`: `eq` and `neq` are both string and numeric ops; the value's type tells which. */
function numericOrText(op: RuleOp): ItemCheck {
  if (op === 'eq' || op === 'neq') return (item) => (typeof item === 'number' ? finite(item) : text(item));
  return text;
}

/** A regex value: RE2 syntax, with page-url's limits, case-insensitive unless `caseSensitive`. */
export function compileRuleRegex(pattern: string, caseSensitive: boolean): RE2JS {
  return RE2JS.compile(pattern, caseSensitive ? 0 : RE2JS.CASE_INSENSITIVE);
}

function regexProblem(pattern: unknown, caseSensitive: boolean): string | undefined {
  if (typeof pattern !== 'string' || pattern.length < 1 || pattern.length > MAX_PATTERN_LENGTH) {
    return `must be a regular expression of 1 to ${MAX_PATTERN_LENGTH} characters`;
  }
  try {
    // checked as written first, so that a syntax error quotes the pattern without the case flag
    RE2JS.compile(pattern);
    const size = compileRuleRegex(pattern, caseSensitive).programSize();
    return size > MAX_PROGRAM_SIZE ? `is too large once compiled (program size ${size} > ${MAX_PROGRAM_SIZE})` : undefined;
  } catch (error) {
    return `is not a valid RE2 regular expression: ${(error as Error).message}`;
  }
}

function valueProblem(name: RuleName, op: RuleOp, value: unknown, caseSensitive: boolean): string | undefined {
  if ((PRESENCE_OPS as readonly string[]).includes(op)) return value === undefined ? undefined : `takes no value with ${op}`;
  if (value === undefined) return `is required with ${op}`;
  if (op === 'regex' || op === 'not-regex') return regexProblem(value, caseSensitive);
  const check = itemCheck(name, op);
  if (!LIST_OPS.has(op)) return Array.isArray(value) ? `must be a single value with ${op} (use in or not-in for a list)` : check(value);
  if (!Array.isArray(value) || value.length < L.listMin || value.length > L.listMax) {
    return `must be an array of ${L.listMin} to ${L.listMax} values with ${op}`;
  }
  const bad = value.findIndex((item) => check(item) !== undefined);
  return bad === -1 ? undefined : `item ${bad} ${check(value[bad])}`;
}

/**
 * Checks one rule (its name already known to be a rule's), reporting every problem at its
 * path (`conditions[1].op`); answers the rule as stored (only the fields given) when it is valid.
 */
export function parseRule(raw: Readonly<Record<string, unknown>>, name: RuleName, path: string, problems: PathProblem[]): Rule | undefined {
  const before = problems.length;
  for (const field of Object.keys(raw)) if (!RULE_FIELDS.has(field)) problems.push({ path: `${path}.${field}`, message: `property ${field} should not exist` });
  const { op, key, value, caseSensitive } = raw;
  const ops = RULE_OPS[name];
  const knownOp = typeof op === 'string' && (ops as readonly string[]).includes(op);
  if (!knownOp) problems.push({ path: `${path}.op`, message: `op must be one of: ${ops.join(', ')} (for ${name})` });
  if (KEYED_RULES.has(name)) {
    if (typeof key !== 'string' || key.length < 1 || key.length > L.keyMaxLength) {
      problems.push({ path: `${path}.key`, message: `key must be a string of 1 to ${L.keyMaxLength} characters (for ${name})` });
    }
  } else if (DEPARTMENT_KEYED_RULES.has(name)) {
    if (key !== undefined && !(typeof key === 'string' && UUID.test(key))) {
      problems.push({ path: `${path}.key`, message: `key must be a department id (a UUID), or left out to count every agent` });
    }
  } else if (SCHEDULE_KEYED_RULES.has(name)) {
    if (!(typeof key === 'string' && UUID.test(key))) problems.push({ path: `${path}.key`, message: 'key must be a schedule id (a UUID)' });
  } else if (key !== undefined) problems.push({ path: `${path}.key`, message: `${name} takes no key` });
  const stringOp = knownOp && (STRING_OPS as readonly string[]).includes(op) && TEXT_RULES.has(name);
  if (caseSensitive !== undefined) {
    if (typeof caseSensitive !== 'boolean') problems.push({ path: `${path}.caseSensitive`, message: 'caseSensitive must be true or false' });
    else if (!stringOp || !caseSensitiveOp(name, op as RuleOp, value)) {
      problems.push({
        path: `${path}.caseSensitive`,
        message: 'caseSensitive applies only to the string ops of page-title, referrer, query-param and visitor-attribute',
      });
    }
  }
  if (knownOp) {
    const problem = valueProblem(name, op as RuleOp, value, caseSensitive === true);
    if (problem) problems.push({ path: `${path}.value`, message: `value ${problem}` });
  }
  if (problems.length > before) return undefined;
  return {
    name,
    op: op as RuleOp,
    ...(key !== undefined ? { key: key as string } : {}),
    ...(value !== undefined ? { value: value as Rule['value'] } : {}),
    ...(caseSensitive !== undefined ? { caseSensitive: caseSensitive as boolean } : {}),
  };
}

/** `visitor-attribute` with a number under `eq`/`neq` compares numbers: case means nothing there. */
function caseSensitiveOp(name: RuleName, op: RuleOp, value: unknown): boolean {
  return !(name === 'visitor-attribute' && (op === 'eq' || op === 'neq') && typeof value === 'number');
}
