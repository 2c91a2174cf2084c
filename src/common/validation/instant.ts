import { applyDecorators } from '@nestjs/common';
import { ValidateBy } from 'class-validator';

/**
 * An instant in ISO 8601 with a zone: `Z` or an offset (DESIGN §13, §16). A local time
 * without one names no instant (which zone?), so it is refused rather than read as UTC.
 */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/** The instant `text` names, or undefined when it is not an ISO 8601 date-time with `Z` or an offset (or no real date). */
export function parseInstant(text: unknown): Date | undefined {
  if (typeof text !== 'string' || !INSTANT.test(text)) return undefined;
  const [date] = text.split('T');
  const [year, month, day] = date.split('-').map(Number);
  // Date.parse rolls 2026-02-30 over to March: a date that is not in the calendar is refused
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return undefined;
  const instant = new Date(text);
  return Number.isNaN(instant.getTime()) ? undefined : instant;
}

/** The field is an ISO 8601 instant with `Z` or an offset (see {@link parseInstant}). */
export const IsInstant = (): PropertyDecorator =>
  applyDecorators(
    ValidateBy({
      name: 'isInstant',
      validator: {
        validate: (value: unknown) => parseInstant(value) !== undefined,
        defaultMessage: () => '$property must be an ISO 8601 date and time with Z or an offset, e.g. 2026-03-29T09:00:00+02:00',
      },
    }),
  );
