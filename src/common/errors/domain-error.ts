import { ErrorCode } from './error-code';

/** One invalid field: `path` uses dots and brackets (`conditions[0].value`). */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

/** The members every problem+json answer may carry: an extension never takes one of these names. */
type StandardProblemMember = 'type' | 'title' | 'status' | 'detail' | 'code' | 'errors' | 'errorId';

/**
 * Members a problem adds to problem+json beside the standard ones (RFC 9457 "extension
 * members"), such as `usedBy` on `department-in-use`.
 */
export type ProblemExtensions = Readonly<Record<string, unknown>> & { readonly [member in StandardProblemMember]?: never };

/**
 * What services throw. It carries a stable {@link ErrorCode}; the HTTP status and the
 * envelope are chosen by the exception filter, never by the thrower.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly errors?: readonly FieldError[],
    /** Extra response headers, such as `Retry-After`. */
    readonly headers?: Readonly<Record<string, string>>,
    readonly extensions?: ProblemExtensions,
  ) {
    super(detail);
    this.name = 'DomainError';
  }

  static validation(errors: readonly FieldError[], detail?: string): DomainError {
    const summary = detail ?? (errors.length === 1 ? `${errors[0].path}: ${errors[0].message}` : `${errors.length} fields are invalid`);
    return new DomainError(ErrorCode.ValidationFailed, summary, errors);
  }

  static notFound(what: string, code: ErrorCode = ErrorCode.NotFound): DomainError {
    return new DomainError(code, `${what} was not found`);
  }
}
