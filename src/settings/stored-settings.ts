/**
 * Reads a stored settings document defensively: a field that is missing or no longer valid
 * (written by an older version) takes its default instead of breaking the feature that reads it.
 */
export function withDefaults<T extends object>(stored: unknown, defaults: T, isValid: { readonly [K in keyof T]: (value: unknown) => boolean }): T {
  const doc = (stored && typeof stored === 'object' ? stored : {}) as Record<string, unknown>;
  const settings = { ...defaults };
  for (const key of Object.keys(defaults) as (keyof T & string)[]) {
    if (isValid[key](doc[key])) settings[key] = doc[key] as T[typeof key];
  }
  return settings;
}

/** What a `PUT` of settings stores: the given fields, and the defaults of those left out. */
export function replacing<T extends object>(defaults: T, given: Partial<T>): T {
  const settings = { ...defaults };
  for (const key of Object.keys(defaults) as (keyof T)[]) {
    const value = given[key];
    if (value !== undefined) settings[key] = value;
  }
  return settings;
}
