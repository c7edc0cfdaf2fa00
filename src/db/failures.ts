/**
 * What a database error means for the client, told apart from bugs: a request that waited
 * too long for a pooled connection (the service is saturated), a server that cannot be
 * reached, or a statement PostgreSQL cancelled for running past `statement_timeout`.
 */
export type DatabaseFailure = 'saturated' | 'unavailable' | 'statement-timeout';

/** SQLSTATEs of a server that went away: admin_shutdown, crash_shutdown, cannot_connect_now. */
const SERVER_GONE = new Set(['57P01', '57P02', '57P03']);
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE']);

export function databaseFailure(error: unknown): DatabaseFailure | null {
  if (!(error instanceof Error)) return null;
  const { code } = error as { code?: unknown };
  // pg-pool's wording when connectionTimeoutMillis passes with every connection busy.
  if (error.message === 'timeout exceeded when trying to connect') return 'saturated';
  if (code === '57014' && /statement timeout/.test(error.message)) return 'statement-timeout';
  if (typeof code === 'string' && (SERVER_GONE.has(code) || NETWORK.has(code))) return 'unavailable';
  if (/^Connection terminated/.test(error.message)) return 'unavailable';
  return null;
}
