import { Injectable } from '@nestjs/common';
import type { MessageSource } from '../actions/resolved-action';
import { Sql } from '../database/sql';

/** One firing as the log keeps it (DESIGN §3): trigger, visitor, time, outcome per action. */
export interface FiringRecord {
  readonly firingId: string;
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
  readonly dismissals: number;
}

interface StatsRow {
  total: string;
  last24h: string;
  unique_visitors: string;
  static: string;
  external: string;
  fallback: string;
  dismissals: string;
}

/** The log of firings, for stats. */
@Injectable()
export class FiringsRepository {
  constructor(private readonly sql: Sql) {}

  /** Writes a batch of firings in one statement; those of triggers deleted meanwhile are left out. */
  async record(records: readonly FiringRecord[]): Promise<void> {
    if (records.length === 0) return;
    const delivered = (r: FiringRecord, source: MessageSource) => r.actions.filter((a) => a.delivered && a.source === source).length;
    await this.sql.execute(
      `INSERT INTO trigger_firings (trigger_id, visitor_token, fired_at, actions, static_actions, external_actions, fallback_actions, firing_id)
       SELECT u.* FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::jsonb[], $5::int[], $6::int[], $7::int[], $8::uuid[])
              AS u(trigger_id, visitor_token, fired_at, actions, static_actions, external_actions, fallback_actions, firing_id)
       WHERE EXISTS (SELECT 1 FROM triggers t WHERE t.id = u.trigger_id)
       ON CONFLICT (firing_id) WHERE firing_id IS NOT NULL DO NOTHING`,
      [
        records.map((r) => r.triggerId),
        records.map((r) => r.visitorToken),
        records.map((r) => r.firedAt),
        records.map((r) => JSON.stringify(r.actions)),
        records.map((r) => delivered(r, 'static')),
        records.map((r) => delivered(r, 'external')),
        records.map((r) => delivered(r, 'fallback')),
        records.map((r) => r.firingId),
      ],
    );
  }

  async stats(triggerId: string, now: Date): Promise<TriggerStats> {
    const [row] = await this.sql.query<StatsRow>(
      `SELECT count(*) AS total,
              count(*) FILTER (WHERE fired_at > $2::timestamptz - interval '24 hours') AS last24h,
              count(DISTINCT f.visitor_token) AS unique_visitors,
              coalesce(sum(static_actions), 0) AS static,
              coalesce(sum(external_actions), 0) AS external,
              coalesce(sum(fallback_actions), 0) AS fallback,
              count(d.firing_id) AS dismissals
       FROM trigger_firings f LEFT JOIN firing_dismissals d ON d.firing_id = f.firing_id
       WHERE f.trigger_id = $1`,
      [triggerId, now],
    );
    return {
      total: Number(row.total),
      last24h: Number(row.last24h),
      uniqueVisitors: Number(row.unique_visitors),
      outcomes: { static: Number(row.static), external: Number(row.external), fallback: Number(row.fallback) },
      dismissals: Number(row.dismissals),
    };
  }
}
