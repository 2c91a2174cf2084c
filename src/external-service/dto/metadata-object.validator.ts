import type { ValidationOptions } from 'class-validator';
import { ValidateByProblem } from './problem-validator';

export const METADATA_LIMITS = { maxKeys: 20, maxKeyLength: 64, maxValueLength: 1024 } as const;

/** What is wrong with a visitor-metadata object (DESIGN §6), or `undefined`. */
export function metadataProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object of string values';
  const entries = Object.entries(value);
  if (entries.length > METADATA_LIMITS.maxKeys) return `must have at most ${METADATA_LIMITS.maxKeys} keys`;
  for (const [key, item] of entries) {
    if (key.length === 0 || [...key].length > METADATA_LIMITS.maxKeyLength) {
      return `keys must be 1 to ${METADATA_LIMITS.maxKeyLength} characters ("${key.slice(0, 80)}")`;
    }
    if (typeof item !== 'string') return `value of "${key}" must be a string`;
    if ([...item].length > METADATA_LIMITS.maxValueLength) return `value of "${key}" must be at most ${METADATA_LIMITS.maxValueLength} characters`;
  }
  return undefined;
}

/** A string → string object: ≤ 20 keys, keys 1..64 characters, values ≤ 1024 characters. */
export const IsMetadataObject = (options?: ValidationOptions): PropertyDecorator => ValidateByProblem('isMetadataObject', metadataProblem, options);
