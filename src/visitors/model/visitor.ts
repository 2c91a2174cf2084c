import type { MetadataEntries } from './visitor-metadata';

export interface Visitor {
  readonly token: string;
  readonly name: string | null;
  readonly email: string | null;
  readonly departmentId: string | null;
  readonly metadata: MetadataEntries;
  readonly registeredAt: Date | null;
  readonly visitStartedAt: Date;
  readonly lastSeenAt: Date;
}

export interface Registration {
  readonly name?: string;
  readonly email?: string;
  readonly departmentId?: string | null;
  readonly metadata?: Readonly<Record<string, string>>;
}

/** The visitor its first event creates: nothing known yet, its visit starting now. */
export function newVisitor(token: string, now: Date): Visitor {
  return { token, name: null, email: null, departmentId: null, metadata: [], registeredAt: null, visitStartedAt: now, lastSeenAt: now };
}
