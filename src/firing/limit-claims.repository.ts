import { Injectable } from '@nestjs/common';
import { lostDeadlock, violatedForeignKey } from '../common/errors/database-constraints';
import { Sql, type SqlRunner } from '../database/sql';
import { insertNewVisitor } from '../visitors/visitors.repository';
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
  /** A visitor this instance has not stored yet: its row goes first, in the same transaction (its visit's referrer with it). */
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

/**
 * The visit's identity (DESIGN §16): its start as stored, which one conditional write sets
 * when a visit starts. An instance's own clock may differ for a visitor's first events
 * (concurrent first events on two instances each start a visit; one is stored).
 */
const STORED_VISIT = `(SELECT v.visit_started_at FROM visitors v WHERE v.token = $1)`;

/** The run-once triggers' claims, in firing order (a trigger deleted meanwhile is not claimed). */
/** A visitor's first event: its row, kept if a concurrent event stored it first (then its stored visit is the one that counts). */
const STORE_VISITOR = insertNewVisitor(3);

const RUN_ONCE_CLAIMS = `INSERT INTO run_once_claims (trigger_id, visitor_token)
  SELECT t.id, $1 FROM unnest($2::uuid[]) WITH ORDINALITY AS u(id, n) JOIN triggers t ON t.id = u.id ORDER BY u.n
  ON CONFLICT (trigger_id, visitor_token) DO NOTHING RETURNING trigger_id::text`;

/** The trigger's `frequency` as stored, for a counter's conditions (its version was matched when the row was proposed). */
const STORED_FREQUENCY = (field: 'max' | 'cooldownSeconds') => `(SELECT (f.frequency->>'${field}')::int FROM triggers f WHERE f.id = c.trigger_id)`;

/**
 * The frequency counters, each claimed by its own conditional upsert row (DESIGN §14), in
 * firing order: a first claim inserts it; a later one adds one only while the cap of the
 * current window is not reached and the cooldown is over. Another epoch (the trigger's
 * `frequency` set anew or its `per` changed) or another window starts the count again. A
 * trigger changed since the event decided (another version) claims nothing: it fires again
 * once this instance holds the new version. A null window is the stored visit's start.
 */
const FREQUENCY_CLAIMS = `INSERT INTO frequency_counters AS c (visitor_token, trigger_id, epoch, window_start, count, last_claimed_at)
  SELECT $1, t.id, t.frequency_epoch, coalesce(u.window_start, ${STORED_VISIT}), 1, $2
  FROM unnest($3::uuid[], $4::int[], $5::timestamptz[]) WITH ORDINALITY AS u(id, version, window_start, n)
  JOIN triggers t ON t.id = u.id AND t.version = u.version ORDER BY u.n
  ON CONFLICT (visitor_token, trigger_id) DO UPDATE SET
    count = CASE WHEN c.epoch = EXCLUDED.epoch AND c.window_start = EXCLUDED.window_start THEN c.count + 1 ELSE 1 END,
    previous_claimed_at = CASE WHEN c.epoch = EXCLUDED.epoch THEN c.last_claimed_at END,
    epoch = EXCLUDED.epoch, window_start = EXCLUDED.window_start, last_claimed_at = EXCLUDED.last_claimed_at
  WHERE c.epoch <> EXCLUDED.epoch
     OR ((c.window_start <> EXCLUDED.window_start OR c.count < ${STORED_FREQUENCY('max')})
         AND (c.last_claimed_at IS NULL OR c.last_claimed_at <= EXCLUDED.last_claimed_at - make_interval(secs => ${STORED_FREQUENCY('cooldownSeconds')})))
  RETURNING c.trigger_id::text, c.epoch, c.window_start`;

// $1 the visitor, $2 the UTC day, $3 slots wanted, $4 maxPerVisit, $5 maxPerDay, $6 now, $7 minGapSeconds, $8 snoozeAfterDismissSeconds
const IN_VISIT = `(CASE WHEN b.visit_started_at = ${STORED_VISIT} THEN b.visit_count ELSE 0 END)`;
const IN_DAY = `(CASE WHEN b.day = $2::date THEN b.day_count ELSE 0 END)`;
const GRANTED = `LEAST($3::int, coalesce($4::int - ${IN_VISIT}, $3::int), coalesce($5::int - ${IN_DAY}, $3::int))`;

/**
 * The budget's slots for one event, in one conditional upsert of the visitor's row (DESIGN
 * §14): as many as wanted while the visit's and the day's caps allow, none while the gap since
 * the last firing event or the snooze after a dismissal runs. The row lock orders concurrent
 * events of a visitor.
 */
const BUDGET_GRANT = `INSERT INTO proactive_budgets AS b (visitor_token, visit_started_at, visit_count, day, day_count, last_granted, last_fired_at)
  SELECT $1, ${STORED_VISIT}, g.slots, $2::date, g.slots, g.slots, $6
  FROM (SELECT LEAST($3::int, coalesce($4::int, $3::int), coalesce($5::int, $3::int)) AS slots) g WHERE g.slots > 0
  ON CONFLICT (visitor_token) DO UPDATE SET
    visit_started_at = ${STORED_VISIT}, visit_count = ${IN_VISIT} + ${GRANTED},
    day = $2::date, day_count = ${IN_DAY} + ${GRANTED},
    last_granted = ${GRANTED}, previous_fired_at = b.last_fired_at, last_fired_at = $6
  WHERE ${GRANTED} > 0
    AND ($7::int IS NULL OR b.last_fired_at IS NULL OR b.last_fired_at <= $6::timestamptz - make_interval(secs => $7::int))
    AND ($8::int IS NULL OR b.dismissed_at IS NULL OR b.dismissed_at <= $6::timestamptz - make_interval(secs => $8::int))
  RETURNING b.last_granted`;

/**
 * Gives claims back in one statement: run-once claims deleted, counters one down (their last
 * claim undone if it is still the last), the budget's slots returned (and the gap's clock
 * undone when the event gives back every slot it took).
 */
const GIVE_BACK = `WITH run_once AS (
    DELETE FROM run_once_claims WHERE visitor_token = $1 AND trigger_id = ANY($2::uuid[])
  ), counters AS (
    UPDATE frequency_counters c SET count = c.count - 1,
      last_claimed_at = CASE WHEN c.last_claimed_at = $6 THEN c.previous_claimed_at ELSE c.last_claimed_at END,
      previous_claimed_at = CASE WHEN c.last_claimed_at = $6 THEN NULL ELSE c.previous_claimed_at END
    FROM unnest($3::uuid[], $4::timestamptz[], $5::int[]) AS g(trigger_id, window_start, epoch)
    WHERE c.visitor_token = $1 AND c.trigger_id = g.trigger_id AND c.window_start = g.window_start AND c.epoch = g.epoch AND c.count > 0
  )
  UPDATE proactive_budgets b SET
    visit_count = CASE WHEN b.visit_started_at = ${STORED_VISIT} THEN GREATEST(b.visit_count - $8, 0) ELSE b.visit_count END,
    day_count = CASE WHEN b.day = $7::date THEN GREATEST(b.day_count - $8, 0) ELSE b.day_count END,
    last_fired_at = CASE WHEN $9 AND b.last_fired_at = $6 THEN b.previous_fired_at ELSE b.last_fired_at END
  WHERE b.visitor_token = $1 AND $8 > 0`;

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
 * §14, §16): every limit of every trigger, in firing order, in **one short transaction of
 * statements** committed before any action resolves. Per trigger all or nothing: its run-once
 * claim or its frequency counter; then the budget's slots for those claimed, and the claims
 * of the triggers past the last slot given back in the same transaction. Each counter is one
 * conditional upsert or UPDATE: concurrent events on any number of instances never exceed a
 * cap or break a gap. Only `tx` is used inside, so the embedded single connection works too.
 */
@Injectable()
export class LimitClaims {
  constructor(private readonly sql: Sql) {}

  /** The triggers this event may fire; a visitor not stored yet (`storesVisitor`) is stored first, in the same transaction. */
  async claim(request: ClaimRequest): Promise<Claims> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.sql.transaction((tx) => this.claimIn(tx, request));
      } catch (error) {
        // the visitor or a trigger deleted meanwhile: nothing to claim
        if (violatedForeignKey(error) !== undefined)
          return { claimed: new Set(), receipt: { request, counters: new Map(), slotted: new Set() }, committed: false };
        if (attempt >= ATTEMPTS || !lostDeadlock(error)) throw error;
      }
    }
  }

  /** Gives back what `triggerIds` claimed (they delivered nothing), in one statement. */
  async giveBack(receipt: ClaimReceipt, triggerIds: readonly string[], runner: SqlRunner = this.sql): Promise<void> {
    if (triggerIds.length === 0) return;
    const { request, counters } = receipt;
    const given = new Set(triggerIds);
    const byId = new Map(request.triggers.map((trigger) => [trigger.id, trigger]));
    const runOnce = triggerIds.filter((id) => byId.get(id)?.runOnce);
    const counted = [...counters].filter(([id]) => given.has(id));
    const slots = triggerIds.filter((id) => receipt.slotted.has(id)).length;
    if (runOnce.length === 0 && counted.length === 0 && slots === 0) return;
    await runner.execute(GIVE_BACK, [
      request.visitorToken,
      runOnce,
      counted.map(([id]) => id),
      counted.map(([, counter]) => counter.windowStart),
      counted.map(([, counter]) => counter.epoch),
      request.now,
      utcDay(request.now),
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

  private async claimIn(tx: SqlRunner, request: ClaimRequest): Promise<Claims> {
    const { visitorToken, now, triggers } = request;
    if (request.storesVisitor) await tx.execute(STORE_VISITOR, [visitorToken, now, request.storesVisitor.referrer]);
    const runOnce = triggers.filter((trigger) => trigger.runOnce);
    const limited = triggers.filter((trigger) => trigger.frequency);
    const onceClaimed = runOnce.length === 0 ? [] : await tx.query<{ trigger_id: string }>(RUN_ONCE_CLAIMS, [visitorToken, runOnce.map((t) => t.id)]);
    // per visit: the stored visit's start, read in the statement (null here)
    const windows = limited.map(({ frequency }) => (frequency!.per === 'visit' ? null : windowStartOf(frequency!.per, now)));
    const counted =
      limited.length === 0
        ? []
        : await tx.query<{ trigger_id: string; epoch: number; window_start: Date }>(FREQUENCY_CLAIMS, [
            visitorToken,
            now,
            limited.map((trigger) => trigger.id),
            limited.map((trigger) => trigger.version),
            windows,
          ]);
    const localWindow = new Map(limited.map((trigger, i) => [trigger.id, windows[i]]));
    const counters = new Map(counted.map((row) => [row.trigger_id, { windowStart: localWindow.get(row.trigger_id) ?? row.window_start, epoch: row.epoch }]));
    const once = new Set(onceClaimed.map((row) => row.trigger_id));
    // per trigger, all or nothing: its own limit claimed (or none to claim)
    const claimed = triggers.filter((trigger) => (trigger.runOnce ? once.has(trigger.id) : trigger.frequency ? counters.has(trigger.id) : true));
    const slots = request.budget && claimed.length > 0 ? await this.grant(tx, request, request.budget, claimed.length) : claimed.length;
    const firing = claimed.slice(0, slots).map((trigger) => trigger.id);
    const receipt: ClaimReceipt = { request, counters, slotted: new Set(request.budget ? firing : []) };
    // the budget cut the rest off: they do not fire on this event, so their own claims go back before it commits
    await this.giveBack(
      receipt,
      claimed.slice(slots).map((trigger) => trigger.id),
      tx,
    );
    return { claimed: new Set(firing), receipt, committed: true };
  }

  private async grant(tx: SqlRunner, { visitorToken, now }: ClaimRequest, budget: ProactiveBudget, wanted: number): Promise<number> {
    const [row] = await tx.query<{ last_granted: number }>(BUDGET_GRANT, [
      visitorToken,
      utcDay(now),
      wanted,
      budget.maxPerVisit,
      budget.maxPerDay,
      now,
      budget.minGapSeconds,
      budget.snoozeAfterDismissSeconds,
    ]);
    return row?.last_granted ?? 0;
  }
}

function windowStartOf(per: 'day' | 'visitor', now: Date): WindowStart {
  const startMs = windowStartMs(per, now.getTime(), now.getTime());
  return startMs === -Infinity ? '-infinity' : new Date(startMs);
}

/** The UTC calendar date of `at`, as PostgreSQL's `date` takes it. */
function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
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
