import { Client } from 'pg';

/**
 * What tests of slow statements and departed clients need from PostgreSQL: a table held by
 * another connection, the service's statements as PostgreSQL sees them, and a bounded wait.
 */

/** A connection of the test's own holding `table` under an exclusive lock until released. */
export async function lockTable(databaseUrl: string, table: string): Promise<{ release(): Promise<void> }> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(`BEGIN`);
  await client.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
  return {
    async release() {
      await client.query(`ROLLBACK`).catch(() => {});
      await client.end();
    },
  };
}

/** Sessions of the database other than this check's own that match `where` (over pg_stat_activity). */
export async function sessionsWhere(databaseUrl: string, where: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND ${where}`,
    );
    return rows[0].n;
  } finally {
    await client.end();
  }
}

/** Statements waiting on a lock right now. */
export const waitingOnLocks = (databaseUrl: string) => sessionsWhere(databaseUrl, `wait_event_type = 'Lock'`);

/** Polls until `check` holds (bounded: a broken service fails the test instead of hanging it). */
export async function eventually(check: () => Promise<boolean> | boolean, what: string, tries = 100, everyMs = 50): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`never happened: ${what}`);
}
