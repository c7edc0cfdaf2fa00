import fs from 'node:fs';
import { Client } from 'pg';
import { linkingCorpus, measureCli } from './suites/linking';

/**
 * node dist/bench/ingest-profile.js [--articles 10000]
 * The linking suite's ingest CLI step (its articles and entities, `measureCli`) on
 * BENCH_DATABASE_URL's server (default the machine's PostgreSQL 15), with where the database's
 * time went: the clock, the CPU seconds of the server's backends (its postmaster's reaped
 * children, read from /proc: a server on this machine), PL/pgSQL functions by their own time
 * (`track_functions`) and, when the server preloads pg_stat_statements (with
 * `pg_stat_statements.track = all`, the triggers' statements too), the statements by total time.
 * docs/performance-history.md "Latest figures: 2026-12-04 17:20-18:20 UTC".
 */
const args = process.argv.slice(2);
const at = args.indexOf('--articles');
const articles = at < 0 ? 10_000 : Number(args[at + 1]);
const server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Field `n` (1-based, as in proc(5)) of /proc/<pid>/stat. */
function statField(pid: number, n: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[n - 3]);
}
/** CPU seconds of a process's ended children (cutime + cstime): the postmaster's are its backends'. */
const childrenCpu = (pid: number) => (statField(pid, 16) + statField(pid, 17)) / 100;

/** The server's postmaster, the parent of one of its backends, when the server runs on this machine. */
async function postmasterPid(): Promise<number | null> {
  return withClient(server, async (c) => {
    const backend = Number((await c.query('SELECT pg_backend_pid() AS pid')).rows[0].pid);
    try {
      return statField(backend, 4); // read while the backend lives
    } catch {
      return null;
    }
  });
}

async function withClient<T>(url: string, f: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
}

async function main(): Promise<void> {
  const postmaster = await postmasterPid();
  let cpuBefore = 0;
  let statements = false;
  const result = await measureCli({ databaseUrl: server, log: (m) => process.stderr.write(`${m}\n`) }, linkingCorpus(), {
    articles,
    async before(url) {
      await withClient(url, async (c) => {
        await c.query(`ALTER DATABASE ${new URL(url).pathname.slice(1)} SET track_functions = 'pl'`);
        statements = (await c.query(`SELECT 1 FROM pg_settings WHERE name = 'shared_preload_libraries' AND setting ~ 'pg_stat_statements'`)).rowCount === 1;
        if (statements) {
          await c.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
          await c.query('SELECT pg_stat_statements_reset()');
        }
      });
      if (postmaster) cpuBefore = childrenCpu(postmaster);
    },
    async after(url) {
      await new Promise((r) => setTimeout(r, 500)); // the CLI's backends reaped
      const cpu = postmaster ? `${(childrenCpu(postmaster) - cpuBefore).toFixed(1)} s` : 'not read (not a server of this machine)';
      process.stdout.write(`backends' CPU: ${cpu}\n`);
      await withClient(url, async (c) => {
        const functions = await c.query(`SELECT funcname, calls, round(self_time::numeric / 1000, 2) AS self_s FROM pg_stat_user_functions ORDER BY self_time DESC LIMIT 10`);
        process.stdout.write(`functions by own time (s, calls):\n${functions.rows.map((r) => `  ${String(r.self_s).padStart(7)} ${String(r.calls).padStart(6)}  ${r.funcname}`).join('\n')}\n`);
        if (!statements) {
          process.stdout.write('statements: the server does not preload pg_stat_statements\n');
          return;
        }
        const top = await c.query(
          `SELECT calls, round(total_exec_time::numeric / 1000, 2) AS total_s, round(min_exec_time::numeric, 1) AS min_ms, round(max_exec_time::numeric, 1) AS max_ms,
                  left(regexp_replace(query, '\\s+', ' ', 'g'), 110) AS query
             FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY total_exec_time DESC LIMIT 15`,
        );
        process.stdout.write(`statements by total time (s, calls, min-max ms):\n${top.rows.map((r) => `  ${String(r.total_s).padStart(7)} ${String(r.calls).padStart(6)} ${`${r.min_ms}-${r.max_ms}`.padStart(12)}  ${r.query}`).join('\n')}\n`);
      });
    },
  });
  process.stdout.write(`ingest CLI, ${articles} articles: ${result.seconds.toFixed(1)} s by the clock; ${result.summary}\n`);
}

main().catch((e: Error) => {
  process.stderr.write(`ingest-profile: ${e.message}\n`);
  process.exit(1);
});
