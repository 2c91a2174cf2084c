import { isLanguageTag } from '../conditions/language-tag';

/** Bounded work whatever a client sends: only this much of the header is read… */
const MAX_HEADER_LENGTH = 1024;
/** …and at most this many of its entries. */
const MAX_ENTRIES = 50;
/** RFC 9110 §12.4.2 `qvalue`: 0 to 1 with at most three decimals (`q=1.5` and `q=.5` are malformed). */
const QVALUE = /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/;

/**
 * The visitor's preferred language from an `Accept-Language` header (DESIGN §16): the tag
 * with the highest `q` (ties go to the earlier entry), skipping `*`, entries with `q=0`,
 * entries with a malformed `q`, and tags that are not BCP 47 ({@link isLanguageTag}). The tag
 * is returned as sent; rules compare languages case-insensitively.
 *
 * A header longer than 1,024 characters is read up to that length only, without the entry
 * the cut falls in (it may be a truncated tag), and at most 50 entries are considered.
 */
export function firstAcceptLanguage(header: string | undefined): string | undefined {
  if (!header) return undefined;
  let entries = header.slice(0, MAX_HEADER_LENGTH).split(',');
  if (header.length > MAX_HEADER_LENGTH && header[MAX_HEADER_LENGTH] !== ',') entries.pop();
  entries = entries.slice(0, MAX_ENTRIES);

  let best: { tag: string; q: number } | undefined;
  for (const entry of entries) {
    const candidate = parseEntry(entry);
    // strictly greater: on a tie the earlier entry stays
    if (candidate && candidate.q > 0 && (best === undefined || candidate.q > best.q)) best = candidate;
  }
  return best?.tag;
}

/** One `tag;q=0.8` entry, or `undefined` when it is empty, `*`, not a language tag or has a malformed `q`. */
function parseEntry(entry: string): { tag: string; q: number } | undefined {
  const [rawTag, ...parameters] = entry.split(';');
  const tag = rawTag.trim();
  if (!isLanguageTag(tag)) return undefined; // `*` and empty entries included
  let q: number | undefined;
  for (const parameter of parameters) {
    const [name, value] = splitOnce(parameter, '=');
    // the grammar allows no other parameter; one is ignored rather than spoiling the entry
    if (name.toLowerCase() !== 'q') continue;
    if (q !== undefined || value === undefined || !QVALUE.test(value)) return undefined;
    q = Number(value);
  }
  return { tag, q: q ?? 1 };
}

/** `" q = 0.5 "` → `['q', '0.5']`; `"q"` → `['q', undefined]`. */
function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text.trim(), undefined] : [text.slice(0, at).trim(), text.slice(at + 1).trim()];
}
