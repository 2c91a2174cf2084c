import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error';
import { ErrorCode } from '../common/errors/error-code';
import { Sql } from '../database/sql';
import { FiringIds } from './firing-ids';

/**
 * The dismissal and the snooze in one statement, for a stored visitor only (an unknown one
 * writes nothing): the dismissal is kept once per firing (stats), the snooze runs from the
 * latest dismissal.
 */
const DISMISS = `WITH visitor AS (SELECT token FROM visitors WHERE token = $1),
  dismissal AS (
    INSERT INTO firing_dismissals (firing_id, visitor_token, dismissed_at) SELECT $2, token, $3 FROM visitor
    ON CONFLICT (firing_id) DO NOTHING)
  INSERT INTO proactive_budgets AS b (visitor_token, dismissed_at) SELECT token, $3 FROM visitor
  ON CONFLICT (visitor_token) DO UPDATE SET dismissed_at = GREATEST(b.dismissed_at, EXCLUDED.dismissed_at)
  RETURNING b.visitor_token`;

/**
 * `message-dismissed` (DESIGN §14, §16): the visitor closed a firing's message. Accepted at
 * once on any instance when the id was issued for this visitor (FiringIds), written
 * synchronously; it evaluates nothing. A forged or foreign id, or an unknown visitor: 404
 * `firing-not-found`, nothing written.
 */
@Injectable()
export class DismissFiring {
  constructor(
    private readonly sql: Sql,
    private readonly firingIds: FiringIds,
  ) {}

  async execute(visitorToken: string, firingId: string, now: Date): Promise<void> {
    if (!this.firingIds.isOf(firingId, visitorToken) || (await this.sql.query(DISMISS, [visitorToken, firingId.toLowerCase(), now])).length === 0) {
      throw new DomainError(ErrorCode.FiringNotFound, 'No firing of this visitor has that firingId');
    }
  }
}
