import type { SqlRunner } from '../../database/sql';

/**
 * Lets a caller keep an earlier pick (the sticky agent of a queue sender). Both methods run
 * inside the routing transaction, with its `tx` only, so that two concurrent first requests
 * of one visitor cannot pick two agents.
 */
export interface PickMemory {
  /** The username picked earlier, while it is still to be reused. */
  recall(tx: SqlRunner): Promise<string | undefined>;
  remember(tx: SqlRunner, username: string): Promise<void>;
}
