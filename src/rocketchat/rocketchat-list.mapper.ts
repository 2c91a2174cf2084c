import type { FieldError } from '../common/errors/domain-error';
import { PAGE_LIMITS } from '../common/pagination/page';
import type { SortField, TriggerListParams } from '../triggers/model/list-query';
import { RC_DEFAULT_COUNT, type RcListQuery } from './rc-list-query';

/** Rocket.Chat's sort keys and the native fields they name. */
const SORT_KEYS: Readonly<Record<string, SortField>> = {
  name: 'name',
  _updatedAt: 'updatedAt',
  _createdAt: 'createdAt',
  priority: 'priority',
};

export const RC_SORT_KEYS = Object.keys(SORT_KEYS);

/** Rocket.Chat's pagination as its handler leaves it (`parseRcListQuery`); absent means its default. */
export type RcPageQuery = Partial<RcListQuery>;

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
 * Rocket.Chat's `count` as a native page size. Rocket.Chat caps a positive count at 100, as
 * the native list does; it reads 0 as "all" (`API_Allow_Infinite_Count`), hands MongoDB a
 * negative count -n, which returns n documents, and NaN, which MongoDB reads as 0. Those ask
 * for more than the native 100 and get at most 100: the native limit is the stricter one there.
 */
function nativeLimit(count: number): number {
  const wanted = count === 0 || Number.isNaN(count) ? PAGE_LIMITS.maxLimit : Math.abs(count);
  return Math.min(wanted, PAGE_LIMITS.maxLimit);
}

/**
 * The offset Rocket.Chat echoes: the one it skipped, NaN as 0. Past the native maximum the
 * page is empty either way (no database here holds 2^31 triggers), so the native list is asked
 * for its maximum offset and the answer still echoes Rocket.Chat's.
 */
export function echoedOffset(offset: number | undefined): number {
  return offset || 0;
}

/** Rocket.Chat's pagination over the native list; the default order is by name. */
export function toNativeListParams(query: RcPageQuery): RcListParams {
  const limit = nativeLimit(query.count ?? RC_DEFAULT_COUNT);
  const offset = Math.min(echoedOffset(query.offset), PAGE_LIMITS.maxOffset);
  let sort = 'name';
  if (query.sort !== undefined) {
    const parsed = parseRcSort(query.sort);
    if (!parsed.ok) return { ok: false, errors: [{ path: 'sort', message: parsed.message }] };
    sort = parsed.sort;
  }
  return { ok: true, params: { limit, offset, sort } };
}
