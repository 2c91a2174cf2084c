import type { EventType, Leaf, LeafOutcome, VisitorContext } from '../condition-type';
import { compileRuleRegex } from './parse-rule';
import { LIST_OPS, NEGATIVE_OPS, type Rule, type RuleName, type RuleOp } from './rule-types';

/** A fact as a rule reads it: undefined when absent. */
type Fact = string | number | boolean | undefined;
type Compare = (fact: string) => boolean;

/** `^[+-]?(\d+(\.\d*)?|\.\d+)$`, no trimming (DESIGN §16): anything else does not parse. */
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** What a rule reads from the event, the visitor or the request. */
function factOf(rule: Rule): (context: VisitorContext) => Fact {
  switch (rule.name) {
    case 'page-title':
      return (c) => c.title;
    case 'referrer':
      return (c) => c.referrer;
    case 'query-param':
      return (c) => c.queryParam(rule.key!);
    case 'visitor-attribute':
      return (c) => c.metadataValue(rule.key!);
    case 'visitor-registered':
      return (c) => c.registered;
    case 'department':
      return (c) => c.departmentId;
    case 'visit-count':
      return (c) => c.visitCount;
    case 'chats-opened':
      return (c) => c.chatsOpened;
    case 'language':
      return (c) => c.language();
    case 'device':
      return (c) => c.device();
    case 'country':
      return (c) => c.country();
    case 'time-on-page':
      return (c) => c.timeOnPageSeconds;
    case 'custom-event':
      return (c) => (c.eventType === 'custom' ? c.customEventName : undefined);
    case 'agents-available':
      return (c) => c.agentsAvailable(rule.key);
    case 'schedule':
      return (c) => c.scheduleState(rule.key!);
  }
}

/** Text ops, case-insensitive unless `caseSensitive` (`toLowerCase()` on both sides, the value's once). */
function textCompare(op: RuleOp, value: Rule['value'], caseSensitive: boolean): Compare {
  const fold = caseSensitive ? (s: string) => s : (s: string) => s.toLowerCase();
  if (op === 'regex' || op === 'not-regex') {
    const regex = compileRuleRegex(value as string, caseSensitive);
    return (fact) => regex.test(fact);
  }
  if (LIST_OPS.has(op)) {
    const values = new Set((value as readonly string[]).map(fold));
    return (fact) => values.has(fold(fact));
  }
  const wanted = fold(value as string);
  switch (op) {
    case 'contains':
    case 'not-contains':
      return (fact) => fold(fact).includes(wanted);
    case 'starts-with':
      return (fact) => fold(fact).startsWith(wanted);
    case 'ends-with':
      return (fact) => fold(fact).endsWith(wanted);
    default:
      return (fact) => fold(fact) === wanted;
  }
}

function numberCompare(op: RuleOp, wanted: number): (fact: number) => boolean {
  switch (op) {
    case 'lt':
      return (fact) => fact < wanted;
    case 'lte':
      return (fact) => fact <= wanted;
    case 'gt':
      return (fact) => fact > wanted;
    case 'gte':
      return (fact) => fact >= wanted;
    default:
      return (fact) => fact === wanted;
  }
}

/** Codes compared as a set (department ids, languages, devices, countries, event names). */
function codeCompare(name: RuleName, value: Rule['value']): Compare {
  const values = (Array.isArray(value) ? value : [value]) as string[];
  if (name === 'language') {
    // a condition tag matches the visitor's tag and its extensions: `pt` matches `pt-BR`, not the reverse
    const tags = values.map((tag) => tag.toLowerCase());
    return (fact) => {
      const visitor = fact.toLowerCase();
      return tags.some((tag) => visitor === tag || visitor.startsWith(`${tag}-`));
    };
  }
  if (name === 'department') {
    const ids = new Set(values.map((id) => id.toLowerCase()));
    return (fact) => ids.has(fact.toLowerCase());
  }
  const codes = new Set(values);
  return (fact) => codes.has(fact);
}

/** The per-event test of a rule over its fact, the absent-fact rule included (DESIGN §11). */
function compileTest(rule: Rule): (fact: Fact) => boolean {
  const { name, op, value } = rule;
  const negative = NEGATIVE_OPS.has(op);
  if (op === 'exists') return (fact) => fact !== undefined;
  if (op === 'not-exists') return (fact) => fact === undefined;
  if (name === 'visitor-registered') return (fact) => fact === value;
  if (typeof value === 'number') {
    const compare = numberCompare(op, value);
    const isEq = op === 'eq' || op === 'neq';
    return (fact) => {
      if (fact === undefined) return negative;
      const number = typeof fact === 'number' ? fact : DECIMAL.test(fact as string) ? Number(fact) : NaN;
      // a value that does not parse makes every numeric op false
      if (Number.isNaN(number)) return false;
      return isEq && negative ? !compare(number) : compare(number);
    };
  }
  const compare = ['department', 'language', 'device', 'country', 'custom-event', 'schedule'].includes(name)
    ? codeCompare(name, value)
    : textCompare(op, value, rule.caseSensitive === true);
  return (fact) => (fact === undefined ? negative : negative !== compare(String(fact)));
}

/** The cost order of leaves: facts in hand first, then text, then regex and request facts. */
function costOf(rule: Rule): number {
  if (rule.op === 'regex' || rule.op === 'not-regex') return 3;
  if (rule.name === 'device' || rule.name === 'country' || rule.name === 'language') return 4;
  return rule.name === 'custom-event' || rule.name === 'visitor-registered' ? 0 : 2;
}

/** A `schedule` leaf's explain names when its state next changes (DESIGN §13). */
function nextChange(context: VisitorContext, scheduleId: string): string {
  const next = context.scheduleNextChange(scheduleId);
  if (next === undefined) return 'no such schedule';
  return next === null ? 'it never changes again' : `it changes at ${new Date(next).toISOString()}`;
}

function shown(value: unknown): string {
  return JSON.stringify(value);
}

/** A rule compiled once per trigger version into a leaf of its trigger's tree. */
export function compileRule(rule: Rule): Leaf {
  const fact = factOf(rule);
  const holds = compileTest(rule);
  const onlyOn: EventType | undefined = rule.name === 'custom-event' ? 'custom' : undefined;
  const leaf: Leaf = {
    name: rule.name,
    onlyOn,
    cost: costOf(rule),
    test: (context) => holds(fact(context)),
    evaluate(context): LeafOutcome {
      const actual = fact(context);
      const met = holds(actual);
      const seen = rule.name === 'custom-event' ? (context.eventType === 'custom' ? (context.customEventName ?? null) : null) : (actual ?? null);
      const about = rule.key === undefined ? rule.name : `${rule.name} ${rule.name === 'agents-available' ? 'in department ' : ''}"${rule.key}"`;
      const wanted = rule.value === undefined ? '' : ` ${shown(rule.value)}`;
      const where = actual === undefined ? `${about} is absent` : `${about} is ${shown(actual)}`;
      const verdict = `${where}: ${rule.op}${wanted}${rule.caseSensitive ? ' (case-sensitive)' : ''} ${met ? 'holds' : 'does not hold'}`;
      return { met, detail: rule.name === 'schedule' ? `${verdict}; ${nextChange(context, rule.key!)}` : verdict, actual: seen };
    },
  };
  if (rule.name === 'time-on-page' && rule.op === 'gte') {
    const threshold = rule.value as number;
    return { ...leaf, waitSeconds: (context) => Math.max(0, threshold - context.timeOnPageSeconds) };
  }
  return leaf;
}
