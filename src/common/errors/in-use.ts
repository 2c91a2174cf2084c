import { DomainError } from './domain-error';
import type { ErrorCode } from './error-code';

/** What may refer to another resource: a trigger (through its rules), a department. */
export const USED_BY_TYPES = ['trigger', 'department'] as const;

/** Something that refers to a resource, so that the resource may not be deleted (DESIGN §16). */
export interface UsedBy {
  readonly type: (typeof USED_BY_TYPES)[number];
  readonly id: string;
  readonly name: string;
}

/**
 * An "in use" conflict (`department-in-use`, `schedule-in-use`): problem+json carries `usedBy`, sorted by type,
 * then by name ignoring case as the lists sort names, then by id, so that the answer does
 * not depend on the order the database read the rows in.
 */
export function inUseError(code: ErrorCode, detail: string, usedBy: readonly UsedBy[]): DomainError {
  return new DomainError(code, detail, undefined, undefined, { usedBy: [...usedBy].sort(compareUsedBy) });
}

function compareUsedBy(a: UsedBy, b: UsedBy): number {
  return compareText(a.type, b.type) || compareText(a.name.toLowerCase(), b.name.toLowerCase()) || compareText(a.id, b.id);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
