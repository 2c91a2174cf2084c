import type { ValidationError } from 'class-validator';
import { DomainError, type FieldError } from './domain-error';

/** The constraint whose message carries several field errors below its property, as JSON (`ValidateByFieldErrors`). */
export const NESTED_FIELD_ERRORS = 'nestedFieldErrors';

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
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      if (constraint === NESTED_FIELD_ERRORS) out.push(...nestedErrors(path, message));
      else out.push({ path, message });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, path));
  }
  return out;
}

/** The errors a {@link NESTED_FIELD_ERRORS} constraint carries, their paths below `path`. */
function nestedErrors(path: string, message: string): FieldError[] {
  return (JSON.parse(message) as FieldError[]).map((error) => ({ path: `${path}${error.path}`, message: error.message }));
}

/** The `exceptionFactory` of the global ValidationPipe. */
export function validationException(errors: ValidationError[]): DomainError {
  return DomainError.validation(flattenValidationErrors(errors));
}
