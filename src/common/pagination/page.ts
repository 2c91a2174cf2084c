/**
 * Pagination of every list (DESIGN §7, §10): `limit` (1..100, default 50) and `offset`, and
 * the answer `{items, total, limit, offset}`. Pure constants and types: the admin console
 * imports them too.
 */
export const PAGE_LIMITS = { defaultLimit: 50, maxLimit: 100, maxOffset: 2_147_483_647 } as const;

export interface PageRequest {
  readonly limit: number;
  readonly offset: number;
}

/** One page of a list; `total` counts the matches in all pages. */
export interface Page<T> extends PageRequest {
  readonly items: readonly T[];
  readonly total: number;
}

/** The page a list query asks for, with the defaults for what it leaves out. */
export function pageRequest(query: { readonly limit?: number; readonly offset?: number }): PageRequest {
  return { limit: query.limit ?? PAGE_LIMITS.defaultLimit, offset: query.offset ?? 0 };
}
