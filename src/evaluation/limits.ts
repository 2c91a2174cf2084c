/**
 * How often triggers may fire (DESIGN §14, §16), as pure arithmetic: the windows a trigger's
 * `frequency` counts in, and what blocks a trigger or the visitor-wide proactive budget at a
 * moment, with when that block ends. The claims in `firing/` enforce the same limits with
 * conditional writes; this is what explain and `scheduled` read.
 */

export const FREQUENCY_PERIODS = ['visit', 'day', 'visitor'] as const;
export type FrequencyPeriod = (typeof FREQUENCY_PERIODS)[number];

/** A trigger fires for one visitor at most `max` times per period, never within `cooldownSeconds` of its previous firing. */
export interface Frequency {
  readonly max: number;
  readonly per: FrequencyPeriod;
  readonly cooldownSeconds: number;
}

export const MAX_LIMIT_SECONDS = 2_592_000;
export const FREQUENCY_LIMITS = { max: { min: 1, max: 100 }, cooldownSeconds: { min: 0, max: MAX_LIMIT_SECONDS } } as const;

/** The visitor-wide limits on proactive firings (`/v1/settings/proactive`); null: no limit. */
export interface ProactiveBudget {
  readonly maxPerVisit: number | null;
  readonly maxPerDay: number | null;
  readonly minGapSeconds: number | null;
  readonly snoozeAfterDismissSeconds: number | null;
}

export const MAX_BUDGET_COUNT = 1000;
export const NO_BUDGET: ProactiveBudget = Object.freeze({ maxPerVisit: null, maxPerDay: null, minGapSeconds: null, snoozeAfterDismissSeconds: null });

/** Whether any of the budget's limits is set. */
export function limitsAnything(budget: ProactiveBudget): boolean {
  return budget.maxPerVisit !== null || budget.maxPerDay !== null || budget.minGapSeconds !== null || budget.snoozeAfterDismissSeconds !== null;
}

/** Events the visitor asked for: their triggers are neither blocked by nor counted in the budget or the snooze (DESIGN §16). */
export function isProactiveEvent(type: string): boolean {
  return type !== 'chat-opened' && type !== 'guest-registered';
}

const DAY_MS = 86_400_000;

/** The UTC midnight that starts the day of `atMs`. */
export function utcDayStartMs(atMs: number): number {
  return Math.floor(atMs / DAY_MS) * DAY_MS;
}

/** The first window start after `atMs` for `day`: the next UTC midnight. */
export function nextUtcMidnightMs(atMs: number): number {
  return utcDayStartMs(atMs) + DAY_MS;
}

/** Where a `frequency` window starts for a claim at `atMs`: the visit's start, the UTC day's, or the beginning of time. */
export function windowStartMs(per: FrequencyPeriod, visitStartedAtMs: number, atMs: number): number {
  if (per === 'visit') return visitStartedAtMs;
  if (per === 'day') return utcDayStartMs(atMs);
  return -Infinity;
}

/** One trigger's counter for one visitor, in its current epoch. */
export interface FrequencyCounter {
  readonly windowStartMs: number;
  readonly count: number;
  /** The latest claim; null when it was given back and there was none before. */
  readonly lastClaimedAtMs: number | null;
}

/** The visitor's proactive budget as stored. */
export interface BudgetCounter {
  readonly visitStartedAtMs: number | null;
  readonly visitCount: number;
  /** The UTC midnight of the day `dayCount` counts. */
  readonly dayStartMs: number | null;
  readonly dayCount: number;
  readonly lastFiredAtMs: number | null;
  readonly dismissedAtMs: number | null;
}

/** What a visitor has used of every limit: counters by lower-case trigger id, and the budget. */
export interface LimitState {
  /** The stored visit's start, which per-visit counters and the visit budget count in (DESIGN §16), when read with them. */
  readonly visitStartedAtMs?: number;
  readonly counters: ReadonlyMap<string, FrequencyCounter>;
  readonly budget?: BudgetCounter;
}

export const NO_LIMITS_USED: LimitState = Object.freeze({ counters: new Map<string, FrequencyCounter>() });

/** A block and, when known, when it ends (epoch ms). */
export interface LimitBlock<B extends string> {
  readonly blockedBy: B;
  readonly retryAtMs?: number;
}

/**
 * Whether the trigger's `frequency` blocks a firing at `atMs`: its cap reached in the current
 * window (ends at the next UTC midnight for `day`; never known for `visit` and `visitor`), or
 * its cooldown running (ends `cooldownSeconds` after the latest claim). Both: the later end.
 */
export function frequencyBlock(
  frequency: Frequency,
  counter: FrequencyCounter | undefined,
  visitStartedAtMs: number,
  atMs: number,
): LimitBlock<'frequency'> | undefined {
  if (!counter) return undefined;
  const capped = frequencyCapped(frequency, counter, visitStartedAtMs, atMs);
  const coolingUntil = counter.lastClaimedAtMs === null ? -Infinity : counter.lastClaimedAtMs + frequency.cooldownSeconds * 1000;
  const cooling = atMs < coolingUntil;
  if (!capped && !cooling) return undefined;
  if (!capped) return { blockedBy: 'frequency', retryAtMs: coolingUntil };
  if (frequency.per !== 'day') return { blockedBy: 'frequency' };
  return { blockedBy: 'frequency', retryAtMs: Math.max(nextUtcMidnightMs(atMs), coolingUntil) };
}

/** Whether the trigger's cap is reached in the window of `atMs` (its cooldown aside). */
export function frequencyCapped(frequency: Frequency, counter: FrequencyCounter | undefined, visitStartedAtMs: number, atMs: number): boolean {
  return counter !== undefined && counter.windowStartMs === windowStartMs(frequency.per, visitStartedAtMs, atMs) && counter.count >= frequency.max;
}

/** Whether the budget's visit or day cap is reached at `atMs` with `granted` more slots taken (the gap and snooze aside). */
export function budgetFull(budget: ProactiveBudget, used: BudgetCounter | undefined, visitStartedAtMs: number, atMs: number, granted = 0): boolean {
  const inVisit = used?.visitStartedAtMs === visitStartedAtMs ? used.visitCount : 0;
  const inDay = used?.dayStartMs === utcDayStartMs(atMs) ? used.dayCount : 0;
  return (budget.maxPerVisit !== null && inVisit + granted >= budget.maxPerVisit) || (budget.maxPerDay !== null && inDay + granted >= budget.maxPerDay);
}

/**
 * Whether the proactive budget blocks one more firing at `atMs` when `granted` firings of
 * the same event already took a slot: a cap reached (the visit's: end unknown; the day's:
 * the next UTC midnight), the gap since the last firing event, then the snooze after a
 * dismissal (DESIGN §16's precedence: `budget` before `snoozed`). The gap is between events,
 * so it never stops a second trigger of the event that took the first slot.
 */
export function budgetBlock(
  budget: ProactiveBudget,
  used: BudgetCounter | undefined,
  visitStartedAtMs: number,
  atMs: number,
  granted = 0,
): LimitBlock<'budget' | 'snoozed'> | undefined {
  const inVisit = used?.visitStartedAtMs === visitStartedAtMs ? used.visitCount : 0;
  const inDay = used?.dayStartMs === utcDayStartMs(atMs) ? used.dayCount : 0;
  const visitFull = budget.maxPerVisit !== null && inVisit + granted >= budget.maxPerVisit;
  const dayFull = budget.maxPerDay !== null && inDay + granted >= budget.maxPerDay;
  const gapUntil = granted === 0 && budget.minGapSeconds !== null && used?.lastFiredAtMs != null ? used.lastFiredAtMs + budget.minGapSeconds * 1000 : -Infinity;
  if (visitFull || dayFull || atMs < gapUntil) {
    if (visitFull) return { blockedBy: 'budget' };
    return { blockedBy: 'budget', retryAtMs: Math.max(dayFull ? nextUtcMidnightMs(atMs) : -Infinity, gapUntil) };
  }
  const snoozedUntil =
    budget.snoozeAfterDismissSeconds !== null && used?.dismissedAtMs != null ? used.dismissedAtMs + budget.snoozeAfterDismissSeconds * 1000 : -Infinity;
  if (atMs < snoozedUntil) return { blockedBy: 'snoozed', retryAtMs: snoozedUntil };
  return undefined;
}

/**
 * Whether a trigger that would fire after a wait is blocked then (DESIGN §16): the caps as
 * they stand now (`granted`: slots this event's firings took, when not already in `used`),
 * cooldown, gap and snooze at `laterMs`. A block never creates a wait by itself.
 */
export function blockedAfterWait(
  frequency: Frequency | null | undefined,
  counter: FrequencyCounter | undefined,
  budget: ProactiveBudget | undefined,
  used: BudgetCounter | undefined,
  { visitStartedAtMs, nowMs, laterMs, granted }: { visitStartedAtMs: number; nowMs: number; laterMs: number; granted: number },
): boolean {
  if (frequency && (frequencyCapped(frequency, counter, visitStartedAtMs, nowMs) || frequencyBlock(frequency, counter, visitStartedAtMs, laterMs))) return true;
  return (
    budget !== undefined && (budgetFull(budget, used, visitStartedAtMs, nowMs, granted) || budgetBlock(budget, used, visitStartedAtMs, laterMs) !== undefined)
  );
}
