import type { FieldError } from '../common/errors/domain-error';

/**
 * `GET livechat/triggers` query strings read as Rocket.Chat 8 reads them (the table and how it
 * was derived: docs/rocketchat.md, "Query strings, as Rocket.Chat reads them"). Two steps, as in Rocket.Chat:
 *
 * 1. its validator (`isGETLivechatTriggersParams`: `count` and `offset` numbers, `sort` a
 *    string, all nullable, compiled by ajv with `coerceTypes: 'array'`) turns text into numbers;
 * 2. its handler (`getPaginationItems`, then `parseJsonQuery`) truncates with `parseInt`, caps
 *    `count` and drops an empty `sort`.
 *
 * Unknown parameters (its `additionalProperties: false`) are refused by the DTO; what the
 * numbers mean for the native list is the list mapper's business.
 */

/** Rocket.Chat's settings `API_Default_Count` and `API_Upper_Count_Limit` (their defaults). */
export const RC_DEFAULT_COUNT = 50;
export const RC_UPPER_COUNT_LIMIT = 100;

/** One query parameter as Fastify parses it: a repeated parameter is an array. */
export type QueryValue = string | readonly string[];

export interface RcRawListQuery {
  readonly count?: QueryValue;
  readonly offset?: QueryValue;
  readonly sort?: QueryValue;
}

/** What Rocket.Chat's handler goes on with. */
export interface RcListQuery {
  /**
   * A whole number at most {@link RC_UPPER_COUNT_LIMIT}: 0 means "all" (`API_Allow_Infinite_Count`
   * is on by default), a negative one is MongoDB's negative limit, and NaN comes from
   * `count=Infinity` (Rocket.Chat's `parseInt("Infinity")`).
   */
  readonly count: number;
  /** A whole number, never negative; NaN from `offset=Infinity`. May exceed 2^53. */
  readonly offset: number;
  /** The sort text; absent when not given or empty. */
  readonly sort?: string;
}

export type RcListQueryResult = { readonly ok: true; readonly query: RcListQuery } | { readonly ok: false; readonly errors: FieldError[] };

const INVALID = Symbol('invalid');

/** The one text of a parameter; a one-item array stands for its item (`coerceTypes: 'array'`). */
function singleText(value: QueryValue): string | undefined {
  return typeof value === 'string' ? value : value.length === 1 ? value[0] : undefined;
}

/**
 * ajv's coercion of a nullable number: `""` is null; any other text that `Number()` reads is
 * that number, so `" 5"`, `"+5"`, `"1e3"`, `"0x10"`, `"Infinity"` and whitespace alone (0)
 * pass; the rest ("abc", "5abc", "1_000", two values) is refused.
 */
function coerceNullableNumber(value: QueryValue): number | null | typeof INVALID {
  const text = singleText(value);
  if (text === undefined) return INVALID;
  if (text === '') return null;
  const number = Number(text);
  return Number.isNaN(number) ? INVALID : number;
}

/**
 * Rocket.Chat's `parseInt(String(number))`: the leading digits of the number's shortest text, so
 * 1.9 is 1 and -0.5 is -0, but 1e21 (`"1e+21"`) is 1, 5e-7 is 5 and Infinity is NaN.
 */
function truncatedAsRocketChat(number: number): number {
  return Number.parseInt(String(number), 10);
}

/** Reads `count`, `offset` and `sort` as Rocket.Chat does; every refusal at once. */
export function parseRcListQuery(raw: RcRawListQuery): RcListQueryResult {
  const errors: FieldError[] = [];
  const number = (path: 'count' | 'offset'): number | null => {
    const value = raw[path];
    if (value === undefined) return null;
    const coerced = coerceNullableNumber(value);
    if (coerced !== INVALID) return coerced;
    errors.push({ path, message: 'must be number' });
    return null;
  };

  const countValue = number('count');
  const count = countValue === null ? RC_DEFAULT_COUNT : Math.min(truncatedAsRocketChat(countValue), RC_UPPER_COUNT_LIMIT);

  const offsetValue = number('offset');
  // Rocket.Chat reads a falsy offset (absent, empty, 0) as 0; MongoDB refuses a negative skip
  const offset = offsetValue ? truncatedAsRocketChat(offsetValue) : 0;
  if (offset < 0) errors.push({ path: 'offset', message: 'must not be negative' });

  // parseJsonQuery reads only a truthy sort: an empty one is absent
  const sortText = raw.sort === undefined ? '' : singleText(raw.sort);
  if (sortText === undefined) errors.push({ path: 'sort', message: 'must be string' });
  const sort = sortText || undefined;

  return errors.length > 0 ? { ok: false, errors } : { ok: true, query: { count, offset, ...(sort === undefined ? {} : { sort }) } };
}
