import type { DataSource } from 'typeorm';
import type { PageRequest } from './page';

export interface PageQuery {
  /** Selected columns, e.g. `a.username, a.name`. */
  readonly columns: string;
  /** Table with its alias, e.g. `agents a`. */
  readonly from: string;
  /** Conditions joined with AND, whose `$n` refer to `params`. */
  readonly where: readonly string[];
  readonly params: readonly unknown[];
  readonly orderBy: string;
}

/** One page of rows and the total count of matching rows. */
export async function selectPage<R>(dataSource: DataSource, query: PageQuery, page: PageRequest): Promise<{ rows: R[]; total: number }> {
  const where = query.where.length > 0 ? `WHERE ${query.where.join(' AND ')}` : '';
  const n = query.params.length;
  const [[{ total }], rows] = await Promise.all([
    dataSource.query(`SELECT count(*)::int AS total FROM ${query.from} ${where}`, [...query.params]),
    dataSource.query(`SELECT ${query.columns} FROM ${query.from} ${where} ORDER BY ${query.orderBy} LIMIT $${n + 1} OFFSET $${n + 2}`, [
      ...query.params,
      page.limit,
      page.offset,
    ]),
  ]);
  return { rows, total };
}
