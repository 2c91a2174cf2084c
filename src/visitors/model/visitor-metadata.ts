import type { FieldError } from '../../common/errors/domain-error';

export const MAX_METADATA_KEYS = 20;
export const MAX_METADATA_KEY_LENGTH = 64;
export const MAX_METADATA_VALUE_LENGTH = 1024;

/** Metadata keeps the order in which keys were first set: it is stored as a list. */
export type MetadataEntries = readonly { readonly key: string; readonly value: string }[];

/**
 * Field errors of a metadata object (string keys → string values, within the limits). This is
 * the one metadata rule: events, registration and Send Test all judge by it. Lengths count
 * UTF-16 code units (`String#length`), the stricter of the two readings: a character outside
 * the BMP (an emoji) counts twice.
 */
export function metadataErrors(metadata: unknown, path = 'metadata'): FieldError[] {
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    return [{ path, message: 'must be an object of string keys to string values' }];
  }
  const errors: FieldError[] = [];
  for (const [key, value] of Object.entries(metadata)) {
    if (key.length < 1 || key.length > MAX_METADATA_KEY_LENGTH) {
      errors.push({ path: `${path}.${key}`, message: `keys must be 1 to ${MAX_METADATA_KEY_LENGTH} characters` });
    }
    if (typeof value !== 'string') errors.push({ path: `${path}.${key}`, message: 'must be a string' });
    else if (value.length > MAX_METADATA_VALUE_LENGTH) {
      errors.push({ path: `${path}.${key}`, message: `must be at most ${MAX_METADATA_VALUE_LENGTH} characters` });
    }
  }
  return errors;
}

/** Everything wrong with a metadata object in one sentence (key limit included), or undefined; each problem names its field. */
export function metadataProblem(metadata: unknown): string | undefined {
  const errors = metadataErrors(metadata);
  if (errors.length > 0) return errors.map((e) => `${e.path.replace(/^metadata\.?/, '') || 'metadata'} ${e.message}`).join('; ');
  if (Object.keys(metadata as object).length > MAX_METADATA_KEYS) return `metadata has more than ${MAX_METADATA_KEYS} keys`;
  return undefined;
}

/**
 * Merges given keys into stored metadata: given keys replace their value in place, new keys
 * are appended, others stay. Returns undefined when the result would exceed the key limit.
 */
export function mergeMetadata(stored: MetadataEntries, given: Readonly<Record<string, string>>): MetadataEntries | undefined {
  const merged = stored.map((entry) => ({ ...entry }));
  for (const [key, value] of Object.entries(given)) {
    const existing = merged.find((entry) => entry.key === key);
    if (existing) existing.value = value;
    else merged.push({ key, value });
  }
  return merged.length > MAX_METADATA_KEYS ? undefined : merged;
}

export function sameMetadata(a: MetadataEntries, b: MetadataEntries): boolean {
  return a.length === b.length && a.every((entry, i) => entry.key === b[i].key && entry.value === b[i].value);
}
