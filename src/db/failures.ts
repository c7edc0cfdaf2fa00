import { PoolShareTimeoutError } from './pool-share';

/**
 * What a database error means for the client, told apart from bugs: a request that waited
 * too long for a pooled connection (the service is saturated), a server that cannot be
 * reached, a statement PostgreSQL cancelled for running past `statement_timeout`, or a text
 * argument holding NUL (U+0000), which PostgreSQL text cannot hold: the client's input.
 */
export type DatabaseFailure = 'saturated' | 'unavailable' | 'statement-timeout' | 'unstorable-text';

/** SQLSTATEs of a server that went away: admin_shutdown, crash_shutdown, cannot_connect_now. */
const SERVER_GONE = new Set(['57P01', '57P02', '57P03']);
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE']);

export function databaseFailure(error: unknown): DatabaseFailure | null {
  if (!(error instanceof Error)) return null;
  if (error instanceof PoolShareTimeoutError) return 'saturated';
  const { code } = error as { code?: unknown };
  // pg-pool's wording when connectionTimeoutMillis passes with every connection busy.
  if (error.message === 'timeout exceeded when trying to connect') return 'saturated';
  if (code === '57014' && /statement timeout/.test(error.message)) return 'statement-timeout';
  // character_not_in_repertoire for a NUL in a text parameter; untranslatable_character for \u0000 in JSON read as text.
  if ((code === '22021' && /0x00/.test(error.message)) || code === '22P05') return 'unstorable-text';
  if (typeof code === 'string' && (SERVER_GONE.has(code) || NETWORK.has(code))) return 'unavailable';
  if (/^Connection terminated/.test(error.message)) return 'unavailable';
  return null;
}
