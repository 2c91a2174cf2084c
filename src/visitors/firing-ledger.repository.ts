import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

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

/**
 * Run-once claims and the log of firings. A run-once claim is a committed
 * `INSERT … ON CONFLICT DO NOTHING RETURNING` on (trigger, visitor): of any number of
 * concurrent events, exactly one gets the row; it is deleted again when nothing was delivered.
 */
@Injectable()
export class FiringLedgerRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async consumedRunOnce(visitorToken: string): Promise<Set<string>> {
    const rows: { trigger_id: string }[] = await this.db.query('SELECT trigger_id FROM run_once_claims WHERE visitor_token = $1', [
      visitorToken,
    ]);
    return new Set(rows.map((r) => r.trigger_id));
  }

  /** True when this call took the claim; false when the visitor already had it. */
  async claimRunOnce(triggerId: string, visitorToken: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `INSERT INTO run_once_claims (trigger_id, visitor_token) VALUES ($1, $2)
       ON CONFLICT (trigger_id, visitor_token) DO NOTHING RETURNING trigger_id`,
      [triggerId, visitorToken],
    );
    return rows.length === 1;
  }

  async releaseRunOnce(triggerId: string, visitorToken: string): Promise<void> {
    await this.db.query('DELETE FROM run_once_claims WHERE trigger_id = $1 AND visitor_token = $2', [triggerId, visitorToken]);
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
