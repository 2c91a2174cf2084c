import type { ValidationError } from 'class-validator';
import { DomainError, type FieldError } from './domain-error';

/** `conditions` + `0` → `conditions[0]`; `params` → `actions[0].params`. */
export function joinPath(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}

/** Flattens class-validator's tree into one entry per failed field, with bracketed paths. */
export function flattenValidationErrors(errors: readonly ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const path = joinPath(parent, error.property);
    for (const message of Object.values(error.constraints ?? {})) {
      out.push({ path, message });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, path));
  }
  return out;
}

/** The `exceptionFactory` of the global ValidationPipe. */
export function validationException(errors: ValidationError[]): DomainError {
  return DomainError.validation(flattenValidationErrors(errors));
}
