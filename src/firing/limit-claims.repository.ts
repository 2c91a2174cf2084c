import { Injectable } from '@nestjs/common';
import { lostDeadlock, violatedForeignKey } from '../common/errors/database-constraints';
import { type PreparedStatement, Sql } from '../database/sql';
import {
  type BudgetCounter,
  type Frequency,
  type FrequencyCounter,
  type LimitState,
  type ProactiveBudget,
  utcDayStartMs,
  windowStartMs,
} from '../evaluation/limits';

/** What a claim needs of a trigger that fires. */
export interface LimitedTrigger {
  readonly id: string;
  /** The version the event decided with: a frequency is claimed only against it, so its `max` and `cooldownSeconds` are the stored ones. */
  readonly version: number;
  readonly runOnce: boolean;
  readonly frequency: Frequency | null;
}

export interface ClaimRequest {
  readonly visitorToken: string;
  /** The claim's time: cooldown, gap and the UTC day count from it. */
  readonly now: Date;
  /** In firing order: slots go to the first ones. */
  readonly triggers: readonly LimitedTrigger[];
  /** The proactive budget, when it applies to this event. */
  readonly budget?: ProactiveBudget;
  /** A visitor this instance has not stored yet: its row goes first, in the same statement (its visit's referrer with it). */
  readonly storesVisitor?: { readonly referrer: string | null };
}

/** What a claim took, enough to give any of it back. */
export interface Claims {
  readonly claimed: ReadonlySet<string>;
  readonly receipt: ClaimReceipt;
  /** False when the claim wrote nothing (the visitor was deleted meanwhile, say): a visitor to store is not stored. */
  readonly committed: boolean;
}

export interface ClaimReceipt {
  readonly request: ClaimRequest;
  /** Each claimed frequency counter: its window and epoch as the claim left them. */
  readonly counters: ReadonlyMap<string, { readonly windowStart: WindowStart; readonly epoch: number }>;
  /** The triggers that took one of the budget's slots (none when it does not apply). */
  readonly slotted: ReadonlySet<string>;
}

/** A window's start as PostgreSQL takes it: `per: "visitor"` counts since the beginning of time. */
type WindowStart = Date | '-infinity';

/** The visit's identity (DESIGN §16): its start as stored, which one conditional write sets when a visit starts. */
const STORED_VISIT = `(SELECT v.visit_started_at FROM visitors v WHERE v.token = $1)`;

/** Every limit of an event in one statement (migration ClaimLimitsFunction); answers the triggers that fire, in firing order. */
const CLAIM: PreparedStatement = {
  name: 'limits_claim',
  text: 'SELECT fires::text, counter_epoch, counter_window, slotted FROM claim_limits($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)',
};

/** Giving back is one statement too (the same function gives back the claims the budget cut off). */
const GIVE_BACK: PreparedStatement = { name: 'limits_give_back', text: 'SELECT give_back_limits($1, $2, $3, $4, $5, $6, $7, $8)' };

/** What the visitor used of every limit, in one read: counters of the triggers' current epochs, and the budget row. */
const STATE = `SELECT ${STORED_VISIT} AS visit_started_at,
    (SELECT row_to_json(b) FROM proactive_budgets b WHERE b.visitor_token = $1) AS budget,
    (SELECT coalesce(json_agg(json_build_object('trigger_id', c.trigger_id, 'window_start', c.window_start, 'count', c.count,
                                                'last_claimed_at', c.last_claimed_at)), '[]')
       FROM frequency_counters c JOIN triggers t ON t.id = c.trigger_id AND t.frequency_epoch = c.epoch
      WHERE c.visitor_token = $1) AS counters`;

/** Concurrent events of one visitor lock its rows in firing order, but a deadlock lost is retried all the same. */
const ATTEMPTS = 3;

interface BudgetRow {
  visit_started_at: string | null;
  visit_count: number;
  day: string | null;
  day_count: number;
  last_fired_at: string | null;
  dismissed_at: string | null;
}

interface CounterRow {
  trigger_id: string;
  window_start: string;
  count: number;
  last_claimed_at: string | null;
}

/**
 * The claims of an event whose firing triggers are limited by more than run-once (DESIGN
 * §14, §16): every limit of every trigger, in firing order, in **one statement** — one round
 * trip, one transaction — committed before any action resolves: the `claim_limits` function
 * (migration ClaimLimitsFunction) stores a new visitor, claims each run-once trigger and each
 * frequency counter with its own conditional write, grants the budget's slots with one
 * conditional upsert of the visitor's row and gives back the claims of the triggers past the
 * last slot. Per trigger all or nothing; concurrent events on any number of instances never
 * pass a cap or break a gap. The embedded single connection runs it like any statement.
 */
@Injectable()
export class LimitClaims {
  constructor(private readonly sql: Sql) {}

  /** The triggers this event may fire; a visitor not stored yet (`storesVisitor`) is stored by the same statement. */
  async claim(request: ClaimRequest): Promise<Claims> {
    const { visitorToken, now, triggers, budget, storesVisitor } = request;
    const limited = triggers.filter((trigger) => trigger.frequency);
    // per visit: the stored visit's start, read by the function (null here)
    const windows = limited.map(({ frequency }) => (frequency!.per === 'visit' ? null : windowStartOf(frequency!.per, now)));
    const params = [
      visitorToken,
      now,
      storesVisitor !== undefined,
      storesVisitor?.referrer ?? null,
      triggers.map((trigger) => trigger.id),
      triggers.filter((trigger) => trigger.runOnce).map((trigger) => trigger.id),
      limited.map((trigger) => trigger.id),
      limited.map((trigger) => trigger.version),
      windows,
      budget !== undefined,
      budget?.maxPerVisit ?? null,
      budget?.maxPerDay ?? null,
      budget?.minGapSeconds ?? null,
      budget?.snoozeAfterDismissSeconds ?? null,
    ];
    const rows = await this.claimed(params);
    if (rows === 'visitor-gone') return { claimed: new Set(), receipt: { request, counters: new Map(), slotted: new Set() }, committed: false };
    const localWindow = new Map(limited.map((trigger, i) => [trigger.id, windows[i]]));
    const counters = new Map(
      rows
        .filter((row) => row.counter_epoch !== null)
        .map((row) => [row.fires, { windowStart: localWindow.get(row.fires) ?? row.counter_window!, epoch: row.counter_epoch! }]),
    );
    const slotted = new Set(rows.filter((row) => row.slotted).map((row) => row.fires));
    return { claimed: new Set(rows.map((row) => row.fires)), receipt: { request, counters, slotted }, committed: true };
  }

  /** Gives back what `triggerIds` claimed (they delivered nothing), in one statement. */
  async giveBack(receipt: ClaimReceipt, triggerIds: readonly string[]): Promise<void> {
    if (triggerIds.length === 0) return;
    const { request, counters } = receipt;
    const given = new Set(triggerIds);
    const byId = new Map(request.triggers.map((trigger) => [trigger.id, trigger]));
    const runOnce = triggerIds.filter((id) => byId.get(id)?.runOnce);
    const counted = [...counters].filter(([id]) => given.has(id));
    const slots = triggerIds.filter((id) => receipt.slotted.has(id)).length;
    if (runOnce.length === 0 && counted.length === 0 && slots === 0) return;
    await this.sql.execute(GIVE_BACK, [
      request.visitorToken,
      request.now,
      runOnce,
      counted.map(([id]) => id),
      counted.map(([, counter]) => counter.windowStart),
      counted.map(([, counter]) => counter.epoch),
      slots,
      slots === receipt.slotted.size,
    ]);
  }

  /** What the visitor used of every limit (explain, and an event that would schedule a limited trigger). */
  async stateOf(visitorToken: string): Promise<LimitState> {
    const [row] = await this.sql.query<{ visit_started_at: Date | null; budget: BudgetRow | null; counters: CounterRow[] }>(STATE, [visitorToken]);
    return {
      ...(row.visit_started_at ? { visitStartedAtMs: row.visit_started_at.getTime() } : {}),
      counters: new Map(row.counters.map((counter) => [counter.trigger_id, counterOf(counter)])),
      ...(row.budget ? { budget: budgetOf(row.budget) } : {}),
    };
  }

  /** Runs the claim; a lost deadlock is retried, a visitor deleted meanwhile claims nothing. */
  private async claimed(params: readonly unknown[]): Promise<ClaimedRow[] | 'visitor-gone'> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.sql.query<ClaimedRow>(CLAIM, params);
      } catch (error) {
        if (violatedForeignKey(error) !== undefined) return 'visitor-gone';
        if (attempt >= ATTEMPTS || !lostDeadlock(error)) throw error;
      }
    }
  }
}

interface ClaimedRow {
  fires: string;
  counter_epoch: number | null;
  counter_window: Date | null;
  slotted: boolean;
}

function windowStartOf(per: 'day' | 'visitor', now: Date): WindowStart {
  const startMs = windowStartMs(per, now.getTime(), now.getTime());
  return startMs === -Infinity ? '-infinity' : new Date(startMs);
}

function msOf(text: string | null): number | null {
  return text === null ? null : Date.parse(text);
}

function counterOf(row: CounterRow): FrequencyCounter {
  return {
    windowStartMs: row.window_start === '-infinity' ? -Infinity : Date.parse(row.window_start),
    count: row.count,
    lastClaimedAtMs: msOf(row.last_claimed_at),
  };
}

function budgetOf(row: BudgetRow): BudgetCounter {
  return {
    visitStartedAtMs: msOf(row.visit_started_at),
    visitCount: row.visit_count,
    dayStartMs: row.day === null ? null : utcDayStartMs(Date.parse(`${row.day}T00:00:00Z`)),
    dayCount: row.day_count,
    lastFiredAtMs: msOf(row.last_fired_at),
    dismissedAtMs: msOf(row.dismissed_at),
  };
}
