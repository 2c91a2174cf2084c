interface PgError {
  code?: string;
  constraint?: string;
}

function constraintFailing(error: unknown, sqlState: string): string | undefined {
  const pg = ((error as { driverError?: PgError })?.driverError ?? error) as PgError | undefined;
  return pg?.code === sqlState ? pg.constraint : undefined;
}

/** Whether the statement lost a deadlock (SQLSTATE 40P01): PostgreSQL rolled its transaction back, which may be retried. */
export function lostDeadlock(error: unknown): boolean {
  const pg = ((error as { driverError?: PgError })?.driverError ?? error) as PgError | undefined;
  return pg?.code === '40P01';
}

/** The unique constraint or index a write violated (SQLSTATE 23505), if that is what failed. */
export const violatedUniqueConstraint = (error: unknown): string | undefined => constraintFailing(error, '23505');

/** The foreign key a write violated (SQLSTATE 23503), if that is what failed. */
export const violatedForeignKey = (error: unknown): string | undefined => constraintFailing(error, '23503');
