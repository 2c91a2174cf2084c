import type { MetadataEntries } from './visitor-metadata';

/** What the service knows of a visitor beyond its visits (DESIGN §6). */
export interface Visitor {
  readonly token: string;
  readonly name: string | null;
  readonly email: string | null;
  readonly departmentId: string | null;
  readonly metadata: MetadataEntries;
  readonly registeredAt: Date | null;
}

export interface Registration {
  readonly name?: string;
  readonly email?: string;
  readonly departmentId?: string | null;
  readonly metadata?: Readonly<Record<string, string>>;
}

/** A visitor seen for the first time: nothing known yet. */
export function newVisitor(token: string): Visitor {
  return { token, name: null, email: null, departmentId: null, metadata: [], registeredAt: null };
}
