import { ValidationPipe, type ValidationPipeOptions } from '@nestjs/common';
import { validationException } from '../errors/validation-errors';

/**
 * How every request DTO is checked (STYLE.md): unknown fields refused, not stripped; values
 * transformed to the DTO's types; every field error reported at once, as problem+json.
 */
export const VALIDATION_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  transform: true,
  validationError: { target: false, value: false },
} as const satisfies ValidationPipeOptions;

/** The global pipe (an APP_PIPE provider). */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({ ...VALIDATION_OPTIONS, exceptionFactory: validationException });
}
