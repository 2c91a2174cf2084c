/** A department as the rest of the service sees it. */
export interface Department {
  readonly id: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly showOnRegistration: boolean;
  /** Member agents, by username, sorted. */
  readonly usernames: readonly string[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface DepartmentFields {
  readonly name: string;
  readonly enabled: boolean;
  readonly showOnRegistration: boolean;
}

export const DEPARTMENT_DEFAULTS = { enabled: true, showOnRegistration: true } as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
