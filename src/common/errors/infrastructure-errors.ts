/**
 * Errors that mean "the database cannot be reached right now" rather than "this query is
 * wrong": refused or reset connections, pool and client-side query timeouts, and the
 * PostgreSQL SQLSTATE classes for shutdown and connection failure. They answer 503.
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08004', '08006', '08007', '08P01']);
const MESSAGES = [
  /timeout exceeded when trying to connect/i,
  /Connection terminated/i,
  /Query read timeout/i,
  /Client has encountered a connection error/i,
  /Client was closed and is not queryable/i,
  /Cannot use a pool after calling end/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /terminating connection due to administrator command/i,
  /Connection is not established/i,
  // TypeORM releases a query runner whose connection failed while it held it (mid-transaction):
  // the next query on that runner is refused with this, and the transaction died with the connection
  /Query runner already released/i,
];

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error as { code?: unknown; message?: unknown; driverError?: unknown } | undefined, depth = 0; e && depth < 4; depth++) {
    if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || SQLSTATES.has(e.code))) return true;
    if (typeof e.message === 'string' && MESSAGES.some((re) => re.test(e!.message as string))) return true;
    e = (e.driverError ?? (e as { cause?: unknown }).cause) as typeof e;
  }
  return false;
}
