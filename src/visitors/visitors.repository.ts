import { Injectable } from '@nestjs/common';
import { ChangeFeed } from '../database/change-feed';
import { type PreparedStatement, Sql, type SqlRunner } from '../database/sql';
import type { VisitClock } from './model/visit-clock';
import type { Registration, Visitor } from './model/visitor';
import { mergeMetadata } from './model/visitor-metadata';

interface VisitorRow {
  token: string;
  name: string | null;
  email: string | null;
  department_id: string | null;
  metadata: Visitor['metadata'];
  registered_at: Date | null;
  language: string | null;
  visit_count: number;
  chats_opened: number;
  visit_referrer: string | null;
  visit_started_at: Date;
  last_seen_at: Date;
}

/** A visitor as stored, with the clock of its current visit. */
export interface StoredVisitor {
  readonly visitor: Visitor;
  readonly visit: VisitClock;
}

export type VisitorChange = { readonly ok: true; readonly stored: StoredVisitor } | { readonly ok: false; readonly reason: 'too-many-keys' };

const COLUMNS =
  'token, name, email, department_id, metadata, registered_at, language, visit_count, chats_opened, visit_referrer, visit_started_at, last_seen_at';

/** A visitor's first event on this instance reads it: prepared once per connection. */
const FIND: PreparedStatement = { name: 'visitors_find', text: `SELECT ${COLUMNS} FROM visitors WHERE token = $1` };

/** The row of a visitor seen for the first time ($1 token, $2 time); a visitor stored meanwhile is kept. */
export const INSERT_NEW_VISITOR = `INSERT INTO visitors (token, first_seen_at, visit_started_at, last_seen_at) VALUES ($1, $2, $2, $2)
  ON CONFLICT (token) DO NOTHING`;

/** {@link INSERT_NEW_VISITOR} with the first visit's referrer (`$<n>`: null when the event carried none). */
export function insertNewVisitor(referrerParameter: number): string {
  return `INSERT INTO visitors (token, first_seen_at, visit_started_at, last_seen_at, visit_referrer) VALUES ($1, $2, $2, $2, $${referrerParameter})
  ON CONFLICT (token) DO NOTHING`;
}

/**
 * Storing a visitor seen for the first time commits asynchronously (its transaction does not
 * wait for the WAL flush): a PostgreSQL crash may forget visitors stored in the last fraction
 * of a second, and their next event stores them again. Everything that must last commits
 * synchronously (run-once claims, registrations, firings), and such a commit flushes every
 * earlier WAL record, the visitor's included. Perf: 190–310 µs → 75–125 µs per visitor,
 * measured sequentially on one connection here.
 */
const STORE_NEW: PreparedStatement = {
  name: 'visitors_store_new',
  text: `WITH relaxed AS (SELECT set_config('synchronous_commit', 'off', true))
         INSERT INTO visitors (token, first_seen_at, visit_started_at, last_seen_at, visit_referrer) SELECT $1, $2, $2, $2, $3 FROM relaxed
         ON CONFLICT (token) DO NOTHING`,
};

/**
 * A new visit (DESIGN §16): one conditional write. It applies only when the stored visit has
 * been idle too ($4 seconds before $2), so of several instances that see the visit start only
 * one counts it; the others read the row and take its visit. ($3: the visit's referrer, if
 * its first event carried one.)
 */
const START_VISIT: PreparedStatement = {
  name: 'visitors_start_visit',
  text: `UPDATE visitors SET visit_started_at = $2, last_seen_at = $2, visit_count = visit_count + 1, visit_referrer = $3
         WHERE token = $1 AND last_seen_at < $2::timestamptz - make_interval(secs => $4)
         RETURNING ${COLUMNS}`,
};

/** The first referrer of a visit whose first event carried none ($3: the visit's start, its identity). */
const KEEP_REFERRER: PreparedStatement = {
  name: 'visitors_keep_referrer',
  text: `UPDATE visitors SET visit_referrer = $2 WHERE token = $1 AND visit_referrer IS NULL AND visit_started_at = $3 RETURNING ${COLUMNS}`,
};

const COUNT_CHAT_OPENED: PreparedStatement = {
  name: 'visitors_count_chat_opened',
  text: `UPDATE visitors SET chats_opened = chats_opened + 1 WHERE token = $1 RETURNING ${COLUMNS}`,
};

function fromRow(row: VisitorRow): StoredVisitor {
  return {
    visitor: {
      token: row.token,
      name: row.name,
      email: row.email,
      departmentId: row.department_id,
      metadata: row.metadata,
      registeredAt: row.registered_at,
      language: row.language,
      visitCount: row.visit_count,
      chatsOpened: row.chats_opened,
      visitReferrer: row.visit_referrer,
    },
    visit: { startedAt: row.visit_started_at, lastSeenAt: row.last_seen_at },
  };
}

class TooManyKeys extends Error {}

/**
 * The `visitors` table. A visitor's first event stores it together with its run-once claims
 * (firing/run-once-claims.repository.ts); registrations and metadata changes are announced to
 * the other instances when they commit.
 */
@Injectable()
export class VisitorsRepository {
  constructor(
    private readonly sql: Sql,
    private readonly changes: ChangeFeed,
  ) {}

  async find(token: string): Promise<StoredVisitor | undefined> {
    const [row] = await this.sql.query<VisitorRow>(FIND, [token]);
    return row && fromRow(row);
  }

  /** Stores a visitor seen for the first time, its visit starting at `now` (a visitor stored meanwhile is kept). */
  async storeNew(token: string, now: Date, referrer: string | null): Promise<void> {
    await this.sql.execute(STORE_NEW, [token, now, referrer]);
  }

  /**
   * Counts a new visit starting at `now` unless the stored visit is still going on (another
   * instance started it): either way the answer is the visitor as stored. Announced, so no
   * instance keeps a lower count.
   */
  async startVisit(token: string, now: Date, referrer: string | null, idleSeconds: number): Promise<StoredVisitor | undefined> {
    return this.announced(token, await this.sql.query<VisitorRow>(START_VISIT, [token, now, referrer, idleSeconds]));
  }

  /** Keeps the first referrer of the visit that started at `visitStartedAt`; undefined when it had one already. */
  async keepReferrer(token: string, referrer: string, visitStartedAt: Date): Promise<StoredVisitor | undefined> {
    return this.announced(token, await this.sql.query<VisitorRow>(KEEP_REFERRER, [token, referrer, visitStartedAt]));
  }

  /** One more chat opened (DESIGN §16: one write per `chat-opened` event). */
  async countChatOpened(token: string): Promise<StoredVisitor | undefined> {
    return this.announced(token, await this.sql.query<VisitorRow>(COUNT_CHAT_OPENED, [token]));
  }

  private async announced(token: string, [row]: readonly VisitorRow[]): Promise<StoredVisitor | undefined> {
    if (!row) return undefined;
    await this.changes.notifyOthers('visitor_changes', token);
    return fromRow(row);
  }

  /** Registers (or re-registers) the guest; stores the visitor when it sent no event yet. */
  register(token: string, registration: Registration, now: Date): Promise<VisitorChange> {
    return this.changeLocked(token, now, async (current, tx) => {
      const metadata = mergeMetadata(current.metadata, registration.metadata ?? {});
      if (!metadata) return undefined;
      const [row] = await tx.query<VisitorRow>(
        `UPDATE visitors SET name = $2, email = $3, department_id = $4, metadata = $5::jsonb,
                registered_at = COALESCE(registered_at, $6), language = $7
         WHERE token = $1 RETURNING ${COLUMNS}`,
        [
          token,
          registration.name ?? current.name,
          registration.email ?? current.email,
          registration.departmentId !== undefined ? registration.departmentId : current.departmentId,
          JSON.stringify(metadata),
          now,
          registration.language !== undefined ? registration.language : current.language,
        ],
      );
      return row;
    });
  }

  /** Merges metadata sent with an event into the stored visitor (storing it if need be). */
  mergeMetadata(token: string, given: Readonly<Record<string, string>>, now: Date): Promise<VisitorChange> {
    return this.changeLocked(token, now, async (locked, tx) => {
      const metadata = mergeMetadata(locked.metadata, given);
      if (!metadata) return undefined;
      const [row] = await tx.query<VisitorRow>(`UPDATE visitors SET metadata = $2::jsonb WHERE token = $1 RETURNING ${COLUMNS}`, [
        token,
        JSON.stringify(metadata),
      ]);
      return row;
    });
  }

  /** Writes visit clocks gathered since the last flush, in one statement; a clock never goes back. */
  async saveClocks(clocks: ReadonlyMap<string, VisitClock>): Promise<void> {
    if (clocks.size === 0) return;
    const tokens = [...clocks.keys()];
    await this.sql.execute(
      `UPDATE visitors v SET visit_started_at = GREATEST(v.visit_started_at, u.started), last_seen_at = GREATEST(v.last_seen_at, u.seen)
       FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) AS u(token, started, seen)
       WHERE v.token = u.token`,
      [tokens, tokens.map((t) => clocks.get(t)!.startedAt), tokens.map((t) => clocks.get(t)!.lastSeenAt)],
    );
  }

  /**
   * Read-modify-write of one visitor under a row lock (metadata is an ordered list, merged in
   * code), storing the visitor first if need be. The change is announced to the other
   * instances when it commits; `change` answering undefined rolls everything back.
   */
  private async changeLocked(token: string, now: Date, change: (current: Visitor, tx: SqlRunner) => Promise<VisitorRow | undefined>): Promise<VisitorChange> {
    try {
      const row = await this.sql.transaction(async (tx) => {
        await tx.execute(INSERT_NEW_VISITOR, [token, now]);
        const [locked] = await tx.query<VisitorRow>(`SELECT ${COLUMNS} FROM visitors WHERE token = $1 FOR UPDATE`, [token]);
        const updated = await change(fromRow(locked).visitor, tx);
        // roll back (the new row included): a refused change changes nothing
        if (!updated) throw new TooManyKeys();
        await this.changes.notifyIn(tx, 'visitor_changes', token);
        return updated;
      });
      return { ok: true, stored: fromRow(row) };
    } catch (error) {
      if (error instanceof TooManyKeys) return { ok: false, reason: 'too-many-keys' };
      throw error;
    }
  }
}
