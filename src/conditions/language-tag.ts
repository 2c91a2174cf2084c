/** The longest language tag accepted anywhere (the event body, registration, rules, `Accept-Language`). */
export const MAX_LANGUAGE_TAG_LENGTH = 35;

/**
 * The BCP 47 shape this service accepts (DESIGN §11): a 2–3 letter language subtag, then
 * any number of 1–8 character alphanumeric subtags (`pt-BR`, `zh-Hant-TW`, `es-419`).
 * Deliberately looser than the full grammar: it checks shape, not the subtag registry.
 */
export const LANGUAGE_TAG_PATTERN = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;

/**
 * Whether `value` is a language tag this service accepts. This file imports nothing, so the
 * event body, registration and rule validation can share it without depending on anything else.
 */
export function isLanguageTag(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_LANGUAGE_TAG_LENGTH && LANGUAGE_TAG_PATTERN.test(value);
}
