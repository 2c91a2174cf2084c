import { RE2JS } from 're2js';
import safeRegex from 'safe-regex2';
import { MAX_PATTERN_LENGTH, MAX_PROGRAM_SIZE, MAX_URL_LENGTH } from './condition-limits';
import { type ConditionType, MET, NOT_MET, type ValueCheck } from './condition-type';

/** A compiled pattern, living as long as the compiled trigger (until its next version). */
export class PageUrlMatcher {
  constructor(readonly regex: RE2JS) {}

  matches(url: string): boolean {
    return this.regex.test(url);
  }
}

/**
 * The visitor's page URL matches a regular expression, unanchored (`.*\/contact` matches
 * `https://xyz.com/contact`, as in Rocket.Chat). Patterns use RE2 syntax and are run by
 * re2js, whose matching time is linear in the URL: no pattern can hang the service.
 */
export const pageUrlCondition: ConditionType<string, PageUrlMatcher> = {
  name: 'page-url',
  kind: 'state',
  cost: 3,
  parseValue(raw): ValueCheck<string> {
    if (typeof raw !== 'string') return { ok: false, message: 'must be a regular expression (a string)' };
    if (raw.length < 1) return { ok: false, message: 'must not be empty' };
    if (raw.length > MAX_PATTERN_LENGTH) return { ok: false, message: `must be at most ${MAX_PATTERN_LENGTH} characters` };
    let compiled: RE2JS;
    try {
      compiled = RE2JS.compile(raw);
    } catch (error) {
      return { ok: false, message: `is not a valid RE2 regular expression: ${(error as Error).message}` };
    }
    if (compiled.programSize() > MAX_PROGRAM_SIZE) {
      return { ok: false, message: `is too large once compiled (program size ${compiled.programSize()} > ${MAX_PROGRAM_SIZE})` };
    }
    // RE2 is linear, so the pattern is safe here; the warning is for anyone who copies it
    // into a backtracking engine (the Rocket.Chat widget runs `new RegExp` in browsers)
    const warnings = safeRegex(raw)
      ? undefined
      : [{ code: 'regex-backtracking-risk', message: `the pattern "${raw}" could backtrack catastrophically in a backtracking regex engine` }];
    return { ok: true, value: raw, warnings };
  },
  compile: (value) => new PageUrlMatcher(RE2JS.compile(value)),
  // an event's context may carry the patterns its URL matched, found in one pass for all triggers (PageUrlSet)
  test: (compiled, { url, matchingUrlPatterns }) =>
    url.length <= MAX_URL_LENGTH && (matchingUrlPatterns ? matchingUrlPatterns.has(compiled) : compiled.matches(url)) ? MET : NOT_MET,
  evaluate(compiled, context) {
    if (context.url.length > MAX_URL_LENGTH) return { met: false, detail: `the URL is longer than ${MAX_URL_LENGTH} characters` };
    const { met } = this.test(compiled, context);
    const pattern = compiled.regex.pattern();
    return { met, detail: met ? `the URL matches ${pattern}` : `the URL does not match ${pattern}` };
  },
};
