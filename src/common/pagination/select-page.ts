import type { PageRequest } from './page';

/**
 * What runs a page's statements: the database module's `Sql` or a transaction's runner
 * (named by shape, so that common/ depends on no feature).
 */
export interface PageSource {
  query<Row>(text: string, params: readonly unknown[]): Promise<Row[]>;
}

export interface PageQuery {
  /** Selected columns, e.g. `a.username, a.name`. */
  readonly columns: string;
  /** Table with its alias, e.g. `agents a`. */
  readonly from: string;
  /** Conditions joined with AND, whose `$n` refer to `params`. */
  readonly where: readonly string[];
  readonly params: readonly unknown[];
  /** A total order (end with a unique key), so that pages neither skip nor repeat rows. */
  readonly orderBy: string;
}

/**
 * One page of rows and the number of rows matching the filters, from ONE statement: the count
 * is a window over the matching rows (`count(*) OVER ()`), so they are read once, not once
 * for the page and again for the count (perf: the trigger list benchmark's name searches read
 * every trigger). Only a page past the end, which has no row to carry the count, asks again.
 */
export async function selectPage<Row>(db: PageSource, query: PageQuery, page: PageRequest): Promise<{ rows: Row[]; total: number }> {
  const where = query.where.length > 0 ? `WHERE ${query.where.join(' AND ')}` : '';
  const n = query.params.length;
  const rows = await db.query<Row & { matching_total: number }>(
    `SELECT ${query.columns}, count(*) OVER ()::int AS matching_total FROM ${query.from} ${where}
     ORDER BY ${query.orderBy} LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...query.params, page.limit, page.offset],
  );
  if (rows.length > 0) return { rows, total: rows[0].matching_total };
  if (page.offset === 0) return { rows: [], total: 0 };
  const [{ total }] = await db.query<{ total: number }>(`SELECT count(*)::int AS total FROM ${query.from} ${where}`, query.params);
  return { rows: [], total };
}
