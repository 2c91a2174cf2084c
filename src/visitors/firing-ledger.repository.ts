import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { violatedForeignKey } from '../common/errors/database-constraints';
import { HotStatement, PreparedStatements } from '../database/prepared-statements';

export type MessageSource = 'static' | 'external' | 'fallback';

export interface FiringRecord {
  readonly triggerId: string;
  readonly visitorToken: string;
  readonly firedAt: Date;
  readonly actions: readonly { readonly name: string; readonly source: MessageSource; readonly delivered: boolean; readonly error?: string }[];
}

export interface TriggerStats {
  readonly total: number;
  readonly last24h: number;
  readonly uniqueVisitors: number;
  readonly outcomes: Readonly<Record<MessageSource, number>>;
}

const CONSUMED: HotStatement = { name: 'run_once_consumed', text: 'SELECT trigger_id FROM run_once_claims WHERE visitor_token = $1' };
const CLAIM: HotStatement = {
  name: 'run_once_claim',
  text: `INSERT INTO run_once_claims (trigger_id, visitor_token) VALUES ($1, $2)
         ON CONFLICT (trigger_id, visitor_token) DO NOTHING RETURNING trigger_id`,
};
const RELEASE: HotStatement = { name: 'run_once_release', text: 'DELETE FROM run_once_claims WHERE trigger_id = $1 AND visitor_token = $2' };

/**
 * Run-once claims and the log of firings. A run-once claim is a committed
 * `INSERT … ON CONFLICT DO NOTHING RETURNING` on (trigger, visitor): of any number of
 * concurrent events, exactly one gets the row; it is deleted again when nothing was delivered.
 */
@Injectable()
export class FiringLedgerRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly prepared: PreparedStatements,
  ) {}

  async consumedRunOnce(visitorToken: string): Promise<Set<string>> {
    const rows = await this.prepared.query<{ trigger_id: string }>(CONSUMED, [visitorToken]);
    return new Set(rows.map((r) => r.trigger_id));
  }

  /**
   * True when this call took the claim; false when the visitor already had it, or when the
   * trigger or the visitor was deleted since the event read them (nothing to claim).
   */
  async claimRunOnce(triggerId: string, visitorToken: string): Promise<boolean> {
    try {
      return (await this.prepared.query(CLAIM, [triggerId, visitorToken])).length === 1;
    } catch (error) {
      const key = violatedForeignKey(error);
      if (key === 'FK_run_once_claims_trigger' || key === 'FK_run_once_claims_visitor') return false;
      throw error;
    }
  }

  async releaseRunOnce(triggerId: string, visitorToken: string): Promise<void> {
    await this.prepared.query(RELEASE, [triggerId, visitorToken]);
  }

  /** Writes a batch of firings in one statement; those of triggers deleted meanwhile are left out. */
  async recordFirings(records: readonly FiringRecord[]): Promise<void> {
    if (records.length === 0) return;
    const count = (r: FiringRecord, source: MessageSource) => r.actions.filter((a) => a.delivered && a.source === source).length;
    await this.db.query(
      `INSERT INTO trigger_firings (trigger_id, visitor_token, fired_at, actions, static_actions, external_actions, fallback_actions)
       SELECT u.* FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::jsonb[], $5::int[], $6::int[], $7::int[])
              AS u(trigger_id, visitor_token, fired_at, actions, static_actions, external_actions, fallback_actions)
       WHERE EXISTS (SELECT 1 FROM triggers t WHERE t.id = u.trigger_id)`,
      [
        records.map((r) => r.triggerId),
        records.map((r) => r.visitorToken),
        records.map((r) => r.firedAt),
        records.map((r) => JSON.stringify(r.actions)),
        records.map((r) => count(r, 'static')),
        records.map((r) => count(r, 'external')),
        records.map((r) => count(r, 'fallback')),
      ],
    );
  }

  async stats(triggerId: string, now: Date): Promise<TriggerStats> {
    const [row]: Record<string, string | null>[] = await this.db.query(
      `SELECT count(*) AS total,
              count(*) FILTER (WHERE fired_at > $2::timestamptz - interval '24 hours') AS last24h,
              count(DISTINCT visitor_token) AS unique_visitors,
              coalesce(sum(static_actions), 0) AS static,
              coalesce(sum(external_actions), 0) AS external,
              coalesce(sum(fallback_actions), 0) AS fallback
       FROM trigger_firings WHERE trigger_id = $1`,
      [triggerId, now],
    );
    return {
      total: Number(row.total),
      last24h: Number(row.last24h),
      uniqueVisitors: Number(row.unique_visitors),
      outcomes: { static: Number(row.static), external: Number(row.external), fallback: Number(row.fallback) },
    };
  }
}
