import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An event's limit claims (DESIGN §14, §16) as two functions, so that claiming is **one
 * statement** — one round trip and one transaction — however many limits it takes, and
 * giving back is one statement too (docs/frequency.md, "Exact under concurrency"):
 *
 * - `budget_slots(…)`: the slots a visitor's budget row grants (a plain SQL expression).
 * - `give_back_limits(…)`: run-once claims deleted, frequency counters one down (their last
 *   claim undone while it is still the last), the budget's slots returned (and the gap's
 *   clock undone when every slot of the event comes back).
 * - `claim_limits(…)`: a new visitor's row; the run-once claims (`INSERT … ON CONFLICT DO
 *   NOTHING`) and the frequency counters (one conditional upsert row each), in firing order;
 *   then the budget's slots for the triggers claimed (one conditional upsert of the visitor's
 *   row); the claims of the triggers past the last slot given back before it returns. It
 *   answers the triggers that fire, in firing order.
 *
 * Each counter is claimed by its own conditional write, never check-then-insert, so
 * concurrent events on any number of instances never pass a cap or break a gap. The visit's
 * identity is the visitor's stored visit start (DESIGN §16), read after the row is stored.
 */
export class ClaimLimitsFunction1795570610000 implements MigrationInterface {
  name = 'ClaimLimitsFunction1795570610000';

  async up(q: QueryRunner): Promise<void> {
    // the slots a visitor's budget row grants one more event: as many as wanted while the visit's and the day's caps allow
    await q.query(`
      CREATE FUNCTION budget_slots(
        visit_started_at timestamptz, visit_count int, day date, day_count int,
        visit timestamptz, today date, wanted int, max_per_visit int, max_per_day int
      ) RETURNS int LANGUAGE sql IMMUTABLE AS $$
        SELECT LEAST(wanted,
                     coalesce(max_per_visit - CASE WHEN visit_started_at = visit THEN visit_count ELSE 0 END, wanted),
                     coalesce(max_per_day - CASE WHEN day = today THEN day_count ELSE 0 END, wanted))
      $$`);
    await q.query(`
      CREATE FUNCTION give_back_limits(
        p_visitor text, p_at timestamptz, p_run_once uuid[],
        p_counters uuid[], p_windows timestamptz[], p_epochs int[],
        p_slots int, p_every_slot boolean
      ) RETURNS void LANGUAGE sql VOLATILE AS $$
        WITH run_once AS (
          DELETE FROM run_once_claims WHERE visitor_token = p_visitor AND trigger_id = ANY (p_run_once)
        ), counters AS (
          UPDATE frequency_counters c SET count = c.count - 1,
            last_claimed_at = CASE WHEN c.last_claimed_at = p_at THEN c.previous_claimed_at ELSE c.last_claimed_at END,
            previous_claimed_at = CASE WHEN c.last_claimed_at = p_at THEN NULL ELSE c.previous_claimed_at END
          FROM unnest(p_counters, p_windows, p_epochs) AS g(trigger_id, window_start, epoch)
          WHERE c.visitor_token = p_visitor AND c.trigger_id = g.trigger_id AND c.window_start = g.window_start
            AND c.epoch = g.epoch AND c.count > 0
        )
        UPDATE proactive_budgets b SET
          visit_count = CASE WHEN b.visit_started_at = (SELECT v.visit_started_at FROM visitors v WHERE v.token = p_visitor)
                             THEN GREATEST(b.visit_count - p_slots, 0) ELSE b.visit_count END,
          day_count = CASE WHEN b.day = (p_at AT TIME ZONE 'UTC')::date THEN GREATEST(b.day_count - p_slots, 0) ELSE b.day_count END,
          last_fired_at = CASE WHEN p_every_slot AND b.last_fired_at = p_at THEN b.previous_fired_at ELSE b.last_fired_at END
        WHERE b.visitor_token = p_visitor AND p_slots > 0
      $$`);
    await q.query(`
      CREATE FUNCTION claim_limits(
        p_visitor text, p_at timestamptz, p_store_visitor boolean, p_referrer text,
        p_ordered uuid[], p_run_once uuid[],
        p_limited uuid[], p_versions int[], p_windows timestamptz[],
        p_budget boolean, p_max_per_visit int, p_max_per_day int, p_min_gap_seconds int, p_snooze_seconds int
      ) RETURNS TABLE (fires uuid, counter_epoch int, counter_window timestamptz, slotted boolean) LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        stored_visit timestamptz;
        today date := (p_at AT TIME ZONE 'UTC')::date;
        once_ids uuid[] := '{}';
        counted_ids uuid[] := '{}';
        counted_epochs int[] := '{}';
        counted_windows timestamptz[] := '{}';
        claimed uuid[];
        wanted int;
        granted int;
        cut uuid[];
      BEGIN
        IF p_store_visitor THEN
          INSERT INTO visitors (token, first_seen_at, visit_started_at, last_seen_at, visit_referrer)
          VALUES (p_visitor, p_at, p_at, p_at, p_referrer) ON CONFLICT (token) DO NOTHING;
        END IF;
        SELECT v.visit_started_at INTO stored_visit FROM visitors v WHERE v.token = p_visitor;

        IF cardinality(p_run_once) > 0 THEN
          WITH o AS (
            INSERT INTO run_once_claims (trigger_id, visitor_token)
            SELECT t.id, p_visitor FROM unnest(p_run_once) WITH ORDINALITY AS u(id, n) JOIN triggers t ON t.id = u.id ORDER BY u.n
            ON CONFLICT (trigger_id, visitor_token) DO NOTHING RETURNING run_once_claims.trigger_id
          ) SELECT coalesce(array_agg(o.trigger_id), '{}') INTO once_ids FROM o;
        END IF;

        -- a trigger changed since the event decided (another version) claims nothing; a null window is the stored visit
        IF cardinality(p_limited) > 0 THEN
          WITH c AS (
            INSERT INTO frequency_counters AS fc (visitor_token, trigger_id, epoch, window_start, count, last_claimed_at)
            SELECT p_visitor, t.id, t.frequency_epoch, coalesce(u.window_start, stored_visit), 1, p_at
            FROM unnest(p_limited, p_versions, p_windows) WITH ORDINALITY AS u(id, version, window_start, n)
            JOIN triggers t ON t.id = u.id AND t.version = u.version ORDER BY u.n
            ON CONFLICT (visitor_token, trigger_id) DO UPDATE SET
              count = CASE WHEN fc.epoch = EXCLUDED.epoch AND fc.window_start = EXCLUDED.window_start THEN fc.count + 1 ELSE 1 END,
              previous_claimed_at = CASE WHEN fc.epoch = EXCLUDED.epoch THEN fc.last_claimed_at END,
              epoch = EXCLUDED.epoch, window_start = EXCLUDED.window_start, last_claimed_at = EXCLUDED.last_claimed_at
            WHERE fc.epoch <> EXCLUDED.epoch
               OR ((fc.window_start <> EXCLUDED.window_start
                    OR fc.count < (SELECT (f.frequency->>'max')::int FROM triggers f WHERE f.id = fc.trigger_id))
                   AND (fc.last_claimed_at IS NULL OR fc.last_claimed_at <= EXCLUDED.last_claimed_at
                        - make_interval(secs => (SELECT (f.frequency->>'cooldownSeconds')::int FROM triggers f WHERE f.id = fc.trigger_id))))
            RETURNING fc.trigger_id, fc.epoch, fc.window_start
          ) SELECT coalesce(array_agg(c.trigger_id), '{}'), coalesce(array_agg(c.epoch), '{}'), coalesce(array_agg(c.window_start), '{}')
            INTO counted_ids, counted_epochs, counted_windows FROM c;
        END IF;

        -- per trigger, all or nothing: its own limit claimed, or none to claim
        claimed := ARRAY(
          SELECT u.id FROM unnest(p_ordered) WITH ORDINALITY AS u(id, n)
          WHERE CASE WHEN u.id = ANY (p_run_once) THEN u.id = ANY (once_ids)
                     WHEN u.id = ANY (p_limited) THEN u.id = ANY (counted_ids)
                     ELSE true END
          ORDER BY u.n);
        granted := cardinality(claimed);

        IF p_budget AND granted > 0 THEN
          wanted := granted;
          -- slots while the visit's and the day's caps allow, none during the gap or the snooze; the row lock orders the visitor's events
          INSERT INTO proactive_budgets AS b (visitor_token, visit_started_at, visit_count, day, day_count, last_granted, last_fired_at)
          SELECT p_visitor, stored_visit, g.slots, today, g.slots, g.slots, p_at
          FROM (SELECT LEAST(wanted, coalesce(p_max_per_visit, wanted), coalesce(p_max_per_day, wanted)) AS slots) g WHERE g.slots > 0
          ON CONFLICT (visitor_token) DO UPDATE SET
            visit_started_at = stored_visit,
            visit_count = (CASE WHEN b.visit_started_at = stored_visit THEN b.visit_count ELSE 0 END) + budget_slots(b.visit_started_at, b.visit_count, b.day, b.day_count, stored_visit, today, wanted, p_max_per_visit, p_max_per_day),
            day = today,
            day_count = (CASE WHEN b.day = today THEN b.day_count ELSE 0 END) + budget_slots(b.visit_started_at, b.visit_count, b.day, b.day_count, stored_visit, today, wanted, p_max_per_visit, p_max_per_day),
            last_granted = budget_slots(b.visit_started_at, b.visit_count, b.day, b.day_count, stored_visit, today, wanted, p_max_per_visit, p_max_per_day),
            previous_fired_at = b.last_fired_at, last_fired_at = p_at
          WHERE budget_slots(b.visit_started_at, b.visit_count, b.day, b.day_count, stored_visit, today, wanted, p_max_per_visit, p_max_per_day) > 0
            AND (p_min_gap_seconds IS NULL OR b.last_fired_at IS NULL OR b.last_fired_at <= p_at - make_interval(secs => p_min_gap_seconds))
            AND (p_snooze_seconds IS NULL OR b.dismissed_at IS NULL OR b.dismissed_at <= p_at - make_interval(secs => p_snooze_seconds))
          RETURNING b.last_granted INTO granted;
          granted := coalesce(granted, 0);

          -- the budget cut the rest off: they do not fire on this event, so their own claims go back before it commits
          IF granted < cardinality(claimed) THEN
            cut := claimed[granted + 1 :];
            PERFORM give_back_limits(
              p_visitor, p_at,
              ARRAY(SELECT x FROM unnest(cut) AS x WHERE x = ANY (once_ids)),
              ARRAY(SELECT e.id FROM unnest(counted_ids, counted_windows, counted_epochs) AS e(id, w, ep) WHERE e.id = ANY (cut) ORDER BY e.id),
              ARRAY(SELECT e.w FROM unnest(counted_ids, counted_windows, counted_epochs) AS e(id, w, ep) WHERE e.id = ANY (cut) ORDER BY e.id),
              ARRAY(SELECT e.ep FROM unnest(counted_ids, counted_windows, counted_epochs) AS e(id, w, ep) WHERE e.id = ANY (cut) ORDER BY e.id),
              0, false);
          END IF;
        END IF;

        RETURN QUERY
          SELECT u.id, e.ep, e.w, p_budget
          FROM unnest(claimed[1 : granted]) WITH ORDINALITY AS u(id, n)
          LEFT JOIN unnest(counted_ids, counted_windows, counted_epochs) AS e(id, w, ep) ON e.id = u.id
          ORDER BY u.n;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION claim_limits(text, timestamptz, boolean, text, uuid[], uuid[], uuid[], int[], timestamptz[], boolean, int, int, int, int)`);
    await q.query(`DROP FUNCTION give_back_limits(text, timestamptz, uuid[], uuid[], timestamptz[], int[], int, boolean)`);
    await q.query(`DROP FUNCTION budget_slots(timestamptz, int, date, int, timestamptz, date, int, int, int)`);
  }
}
