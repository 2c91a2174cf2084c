import { DomainError } from '../../common/errors/domain-error';

/**
 * A 400 naming every unknown reference in a body list, with its index:
 * `departmentIds[1]: unknown department "…"`. `normalize` says which spellings are the same.
 */
export function unknownReferencesError(
  field: string,
  given: readonly string[],
  unknown: readonly string[],
  what: string,
  normalize: (value: string) => string = (value) => value,
): DomainError {
  const missing = new Set(unknown.map(normalize));
  const errors = given.flatMap((value, index) =>
    missing.has(normalize(value)) ? [{ path: `${field}[${index}]`, message: `unknown ${what} "${value}"` }] : [],
  );
  return DomainError.validation(errors, `Unknown ${what}s: ${[...new Set(unknown)].join(', ')}`);
}
