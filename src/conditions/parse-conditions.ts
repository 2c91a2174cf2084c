import { type ConditionName, type ConditionWarning } from './condition-type';
import { conditionType, isConditionName } from './condition-registry';
import { parseRule, type PathProblem } from './rules/parse-rule';
import { GROUP_MATCHES, type GroupMatch, type Rule, RULE_LIMITS, RULE_NAMES, type RuleName } from './rules/rule-types';

/** One of Rocket.Chat's four conditions, its value normalized (DESIGN §2). */
export type RocketChatCondition =
  | { readonly name: 'page-url'; readonly value: string }
  | { readonly name: 'time-on-site'; readonly value: number }
  | { readonly name: 'chat-opened-by-visitor'; readonly value: null }
  | { readonly name: 'after-guest-registration'; readonly value: null };

/** True when all, at least one, or none of its children are true (DESIGN §11). */
export interface GroupCondition {
  readonly name: 'group';
  readonly match: GroupMatch;
  readonly conditions: readonly Condition[];
}

/** A stored condition: Rocket.Chat's, a rule, or a group of them. */
export type Condition = RocketChatCondition | Rule | GroupCondition;

export const CONDITIONS_MIN = 1;
export const CONDITIONS_MAX = 10;
const EVERY_NAME = [...(['page-url', 'time-on-site', 'chat-opened-by-visitor', 'after-guest-registration'] as const), ...RULE_NAMES, 'group'];
const RULE_NAME_SET: ReadonlySet<unknown> = new Set(RULE_NAMES);
const GROUP_FIELDS = new Set(['name', 'match', 'conditions']);
const RC_FIELDS = new Set(['name', 'value']);
const QUOTED_MAX = 60;

export interface ParsedConditions {
  readonly conditions?: readonly Condition[];
  readonly problems: readonly PathProblem[];
  readonly warnings: readonly (ConditionWarning & { readonly path: string })[];
}

/**
 * Checks a trigger's `conditions` as received (DESIGN §11, §16): the three forms, each
 * rule's op, key and value, the limits of size, depth and leaves. Every problem is reported
 * at its path (`conditions[1].conditions[0].op`), all at once, children of an invalid group
 * included; the answer's `conditions` (normalized) is there only when nothing is wrong.
 */
export function parseConditions(raw: unknown, path = 'conditions'): ParsedConditions {
  const problems: PathProblem[] = [];
  const warnings: (ConditionWarning & { path: string })[] = [];
  const conditions = parseList(raw, path, 1, { problems, warnings }, [CONDITIONS_MIN, CONDITIONS_MAX], 'conditions');
  if (conditions && countLeaves(conditions) > RULE_LIMITS.maxLeaves) {
    problems.push({ path, message: `a trigger has at most ${RULE_LIMITS.maxLeaves} rules and conditions in all (groups not counted)` });
  }
  return problems.length > 0 ? { problems, warnings } : { conditions, problems, warnings };
}

interface Sink {
  readonly problems: PathProblem[];
  readonly warnings: (ConditionWarning & { path: string })[];
}

function parseList(raw: unknown, path: string, depth: number, sink: Sink, [min, max]: readonly [number, number], label: string): Condition[] | undefined {
  if (!Array.isArray(raw)) return void sink.problems.push({ path, message: `${label} must be an array` });
  if (raw.length < min) sink.problems.push({ path, message: `${label} must have at least ${min} item${min === 1 ? '' : 's'}` });
  if (raw.length > max) sink.problems.push({ path, message: `${label} must have at most ${max} items` });
  const parsed = raw.map((item, index) => parseCondition(item, `${path}[${index}]`, depth, sink));
  return parsed.every((condition) => condition !== undefined) ? parsed : undefined;
}

function parseCondition(raw: unknown, path: string, depth: number, sink: Sink): Condition | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return void sink.problems.push({ path, message: 'must be an object' });
  const fields = raw as Record<string, unknown>;
  const { name } = fields;
  if (name === 'group') return parseGroup(fields, path, depth, sink);
  if (RULE_NAME_SET.has(name)) return parseRule(fields, name as RuleName, path, sink.problems);
  if (isConditionName(name)) return parseRocketChatCondition(fields, name, path, sink);
  sink.problems.push({ path: `${path}.name`, message: `name must be one of: ${EVERY_NAME.join(', ')}` });
  return undefined;
}

function parseGroup(fields: Record<string, unknown>, path: string, depth: number, sink: Sink): GroupCondition | undefined {
  const before = sink.problems.length;
  unknownFields(fields, GROUP_FIELDS, path, sink.problems);
  if (depth > RULE_LIMITS.maxDepth) sink.problems.push({ path, message: `groups nest at most ${RULE_LIMITS.maxDepth} deep` });
  const { match } = fields;
  if (!(GROUP_MATCHES as readonly unknown[]).includes(match))
    sink.problems.push({ path: `${path}.match`, message: `match must be one of: ${GROUP_MATCHES.join(', ')}` });
  const limits = [RULE_LIMITS.groupChildrenMin, RULE_LIMITS.groupChildrenMax] as const;
  const conditions = parseList(fields.conditions, `${path}.conditions`, depth + 1, sink, limits, 'a group’s conditions');
  if (sink.problems.length > before || !conditions) return undefined;
  return { name: 'group', match: match as GroupMatch, conditions };
}

function parseRocketChatCondition(fields: Record<string, unknown>, name: ConditionName, path: string, sink: Sink): RocketChatCondition | undefined {
  const before = sink.problems.length;
  unknownFields(fields, RC_FIELDS, path, sink.problems);
  const check = conditionType(name).parseValue(fields.value);
  if (!check.ok) {
    const shown = fields.value === undefined ? '' : ` ${quoted(fields.value)}`;
    sink.problems.push({ path: `${path}.value`, message: `${name} value${shown} ${check.message}` });
    return undefined;
  }
  for (const warning of check.warnings ?? []) sink.warnings.push({ ...warning, path: `${path}.value` });
  return sink.problems.length > before ? undefined : ({ name, value: check.value } as RocketChatCondition);
}

function unknownFields(fields: Record<string, unknown>, allowed: ReadonlySet<string>, path: string, problems: PathProblem[]): void {
  for (const field of Object.keys(fields)) if (!allowed.has(field)) problems.push({ path: `${path}.${field}`, message: `property ${field} should not exist` });
}

function quoted(value: unknown): string {
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  return shown.length > QUOTED_MAX ? `"${shown.slice(0, QUOTED_MAX)}…"` : `"${shown}"`;
}

/** Rules and Rocket.Chat conditions in all, groups not counted. */
export function countLeaves(conditions: readonly Condition[]): number {
  return conditions.reduce((sum, condition) => sum + (condition.name === 'group' ? countLeaves(condition.conditions) : 1), 0);
}

export function isRule(condition: Condition): condition is Rule {
  return RULE_NAME_SET.has(condition.name);
}

/** Every department id the `department` and `agents-available` rules name, with the path of each (checked against the stored departments on save). */
export function departmentReferences(conditions: readonly Condition[], path = 'conditions'): { readonly path: string; readonly id: string }[] {
  return conditions.flatMap((condition, index) => {
    const at = `${path}[${index}]`;
    if (condition.name === 'group') return departmentReferences(condition.conditions, `${at}.conditions`);
    if (condition.name === 'agents-available')
      return 'key' in condition && condition.key !== undefined ? [{ path: `${at}.key`, id: condition.key.toLowerCase() }] : [];
    if (condition.name !== 'department' || !('value' in condition) || condition.value === undefined) return [];
    const ids: readonly string[] = Array.isArray(condition.value) ? condition.value : [String(condition.value)];
    return ids.map((id) => ({ path: `${at}.value`, id: id.toLowerCase() }));
  });
}

/** Every schedule id the `schedule` rules name, with the path of each (checked against the stored schedules on save). */
export function scheduleReferences(conditions: readonly Condition[], path = 'conditions'): { readonly path: string; readonly id: string }[] {
  return conditions.flatMap((condition, index) => {
    const at = `${path}[${index}]`;
    if (condition.name === 'group') return scheduleReferences(condition.conditions, `${at}.conditions`);
    return condition.name === 'schedule' && 'key' in condition && condition.key !== undefined ? [{ path: `${at}.key`, id: condition.key.toLowerCase() }] : [];
  });
}
