import type { MetadataEntries } from './visitor-metadata';

/** What the service knows of a visitor beyond its visits (DESIGN §6). */
export interface Visitor {
  readonly token: string;
  readonly name: string | null;
  readonly email: string | null;
  readonly departmentId: string | null;
  readonly metadata: MetadataEntries;
  readonly registeredAt: Date | null;
  /** Given at registration (BCP 47), DESIGN §11. */
  readonly language: string | null;
  /** Visits so far, the current one included (DESIGN §11, §16). */
  readonly visitCount: number;
  /** `chat-opened` events reported so far. */
  readonly chatsOpened: number;
  /** The current visit's referrer: `""` for a direct visit, null while no event of the visit carried one. */
  readonly visitReferrer: string | null;
}

export interface Registration {
  readonly name?: string;
  readonly email?: string;
  readonly departmentId?: string | null;
  readonly metadata?: Readonly<Record<string, string>>;
  /** `null` clears it; left out keeps it. */
  readonly language?: string | null;
}

/** A visitor seen for the first time: nothing known yet. */
export function newVisitor(token: string): Visitor {
  return {
    token,
    name: null,
    email: null,
    departmentId: null,
    metadata: [],
    registeredAt: null,
    language: null,
    visitCount: 1,
    chatsOpened: 0,
    visitReferrer: null,
  };
}
