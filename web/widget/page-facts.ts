/**
 * What an event tells the service about the page and the browser (DESIGN §11), within the
 * bounds the API checks: a value the API would refuse is cut or left out, never sent.
 */
import { MAX_TITLE_LENGTH, MAX_URL_LENGTH } from '../../src/conditions/condition-limits';
import { isLanguageTag } from '../../src/conditions/language-tag';

export function pageTitle(): string {
  return document.title.slice(0, MAX_TITLE_LENGTH);
}

/** `navigator.language`, when it is a tag the API accepts. */
export function browserLanguage(): string | undefined {
  const language = navigator.language;
  return isLanguageTag(language) ? language : undefined;
}

/** `""` for a direct visit; left out when not an http(s) URL (a `file:` or extension page) or too long. */
export function pageReferrer(): string | undefined {
  const referrer = document.referrer;
  if (!referrer) return '';
  return referrer.length <= MAX_URL_LENGTH && /^https?:\/\//i.test(referrer) ? referrer : undefined;
}
