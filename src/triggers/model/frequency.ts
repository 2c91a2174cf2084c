import { FREQUENCY_LIMITS, FREQUENCY_PERIODS, type Frequency } from '../../evaluation/limits';
import type { FieldError } from '../../common/errors/domain-error';

export type { Frequency } from '../../evaluation/limits';

/** `frequency` as received: `cooldownSeconds` may be left out (0). */
export interface FrequencyInput {
  readonly max: number;
  readonly per: Frequency['per'];
  readonly cooldownSeconds?: number;
}

const FIELDS = new Set(['max', 'per', 'cooldownSeconds']);
const PERIODS: ReadonlySet<unknown> = new Set(FREQUENCY_PERIODS);
const { max: MAX, cooldownSeconds: COOLDOWN } = FREQUENCY_LIMITS;

/** Every problem of a `frequency` (null allowed), at paths below it (`.max`, `.per`, …). */
export function frequencyProblems(value: unknown): FieldError[] {
  if (value === null || value === undefined) return [];
  if (typeof value !== 'object' || Array.isArray(value)) return [{ path: '', message: 'frequency must be an object {max, per, cooldownSeconds} or null' }];
  const { max, per, cooldownSeconds } = value as Record<string, unknown>;
  const problems: FieldError[] = Object.keys(value)
    .filter((key) => !FIELDS.has(key))
    .map((key) => ({ path: `.${key}`, message: `property ${key} should not exist` }));
  if (!isIntegerIn(max, MAX.min, MAX.max)) problems.push({ path: '.max', message: `max must be an integer from ${MAX.min} to ${MAX.max}` });
  if (!PERIODS.has(per)) problems.push({ path: '.per', message: `per must be one of: ${FREQUENCY_PERIODS.join(', ')}` });
  if (cooldownSeconds !== undefined && !isIntegerIn(cooldownSeconds, COOLDOWN.min, COOLDOWN.max)) {
    problems.push({ path: '.cooldownSeconds', message: `cooldownSeconds must be an integer from ${COOLDOWN.min} to ${COOLDOWN.max}` });
  }
  return problems;
}

/** A checked `frequency` with its default applied; none stays null. */
export function normalizeFrequency(input: FrequencyInput | Frequency | null | undefined): Frequency | null {
  if (!input) return null;
  return { max: input.max, per: input.per, cooldownSeconds: input.cooldownSeconds ?? 0 };
}

function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
}
