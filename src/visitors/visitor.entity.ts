import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { MetadataEntries } from './model/visitor-metadata';

@Entity({ name: 'visitors' })
export class VisitorEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_visitors' })
  token: string;

  @Column({ type: 'text', nullable: true })
  name: string | null;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ type: 'uuid', name: 'department_id', nullable: true })
  departmentId: string | null;

  @Column({ type: 'jsonb', default: [] })
  metadata: MetadataEntries;

  @Column({ type: 'timestamptz', name: 'registered_at', nullable: true })
  registeredAt: Date | null;

  @Column({ type: 'timestamptz', name: 'first_seen_at' })
  firstSeenAt: Date;

  @Column({ type: 'timestamptz', name: 'visit_started_at' })
  visitStartedAt: Date;

  @Column({ type: 'timestamptz', name: 'last_seen_at' })
  lastSeenAt: Date;
}
