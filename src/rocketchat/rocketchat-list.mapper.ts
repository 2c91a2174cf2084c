import type { FieldError } from '../common/errors/domain-error';
import { PAGE_LIMITS } from '../common/pagination/page';
import type { SortField, TriggerListParams } from '../triggers/model/list-query';

/** Rocket.Chat's sort keys and the native fields they name. */
const SORT_KEYS: Readonly<Record<string, SortField>> = {
  name: 'name',
  _updatedAt: 'updatedAt',
  _createdAt: 'createdAt',
  priority: 'priority',
};

export const RC_SORT_KEYS = Object.keys(SORT_KEYS);

export interface RcListQuery {
  readonly count?: number;
  readonly offset?: number;
  readonly sort?: string;
}

export type RcListParams = { readonly ok: true; readonly params: TriggerListParams } | { readonly ok: false; readonly errors: FieldError[] };

/**
 * `sort` is a JSON object like `{"name":-1}` (Rocket.Chat's `parseJsonQuery`); the native list
 * sorts by one field, so one key of {@link RC_SORT_KEYS} with 1 or -1.
 */
export function parseRcSort(text: string): { ok: true; sort: string } | { ok: false; message: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, message: 'must be a JSON object such as {"name":1}' };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { ok: false, message: 'must be a JSON object such as {"name":1}' };
  const entries = Object.entries(parsed);
  if (entries.length !== 1) return { ok: false, message: `must name exactly one of ${RC_SORT_KEYS.join(', ')}` };
  const [[key, direction]] = entries;
  const field = Object.hasOwn(SORT_KEYS, key) ? SORT_KEYS[key] : undefined;
  if (!field) return { ok: false, message: `can sort by ${RC_SORT_KEYS.join(', ')}, not "${key}"` };
  if (direction !== 1 && direction !== -1) return { ok: false, message: `${key} must be 1 or -1` };
  return { ok: true, sort: direction === -1 ? `-${field}` : field };
}

/**
 * Rocket.Chat's pagination over the native list: `count` defaults to 50 and is capped at 100
 * (its `API_Default_Count` and `API_Upper_Count_Limit`); `count=0`, "as many as allowed",
 * is the cap too. The default order is by name.
 */
export function toNativeListParams(query: RcListQuery): RcListParams {
  const count = query.count === undefined ? PAGE_LIMITS.defaultLimit : query.count === 0 ? PAGE_LIMITS.maxLimit : Math.min(query.count, PAGE_LIMITS.maxLimit);
  let sort = 'name';
  if (query.sort !== undefined) {
    const parsed = parseRcSort(query.sort);
    if (!parsed.ok) return { ok: false, errors: [{ path: 'sort', message: parsed.message }] };
    sort = parsed.sort;
  }
  return { ok: true, params: { limit: count, offset: query.offset ?? 0, sort } };
}
