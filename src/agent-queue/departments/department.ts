/** A department as the rest of the service sees it. */
export interface Department {
  readonly id: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly showOnRegistration: boolean;
  /** The schedule it follows (DESIGN §13): while closed it has no available agent. */
  readonly scheduleId: string | null;
  /** Member agents, by username, sorted. */
  readonly usernames: readonly string[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface DepartmentFields {
  readonly name: string;
  readonly enabled: boolean;
  readonly showOnRegistration: boolean;
  readonly scheduleId: string | null;
}

export const DEPARTMENT_DEFAULTS = { enabled: true, showOnRegistration: true, scheduleId: null } as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
