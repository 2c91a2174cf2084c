import type { EntityManager } from 'typeorm';

/**
 * Lets a caller keep an earlier pick (the sticky agent of a queue sender). Both methods run
 * inside the routing transaction, with its `em` only, so that two concurrent first requests
 * of one visitor cannot pick two agents.
 */
export interface PickMemory {
  /** The username picked earlier, while it is still to be reused. */
  recall(em: EntityManager): Promise<string | undefined>;
  remember(em: EntityManager, username: string): Promise<void>;
}
