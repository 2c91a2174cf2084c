import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Action, Condition, MatchMode, TriggerRecord } from './model/trigger.types';

/** The `triggers` table (schema in migrations/…-CreateTriggers.ts). Never returned by a route: see `toTriggerView`. */
@Entity({ name: 'triggers' })
export class TriggerEntity implements TriggerRecord {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_triggers' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'boolean' })
  enabled: boolean;

  @Column({ type: 'boolean', name: 'run_once' })
  runOnce: boolean;

  @Column({ type: 'integer' })
  priority: number;

  @Column({ type: 'text' })
  match: MatchMode;

  @Column({ type: 'jsonb' })
  conditions: Condition[];

  @Column({ type: 'jsonb' })
  actions: Action[];

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}
