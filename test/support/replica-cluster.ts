import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Debian's PostgreSQL 15 server binaries (PG15_BIN to look elsewhere). */
export const PG15_BIN = process.env.PG15_BIN ?? '/usr/lib/postgresql/15/bin';

/** Why the replica tests cannot run here, or null when they can. */
export function replicaClusterUnavailable(): string | null {
  for (const tool of ['initdb', 'pg_ctl', 'pg_basebackup', 'postgres']) {
    if (!fs.existsSync(path.join(PG15_BIN, tool))) return `PostgreSQL 15 server binaries not found (${path.join(PG15_BIN, tool)}): the streaming-replica tests are skipped`;
  }
  return null;
}

export interface ReplicaCluster {
  primaryUrl: string;
  replicaUrl: string;
  /** Stops replaying WAL on the replica (it keeps receiving it): the replica lags from now on. */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** Waits until the replica has replayed everything the primary wrote so far. */
  caughtUp(): Promise<void>;
  stopReplica(): Promise<void>;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** PostgreSQL refuses to run as root: as root, its binaries run as the postgres user. */
function asPostgres(tool: string, args: string[]) {
  const file = path.join(PG15_BIN, tool);
  return process.getuid?.() === 0 ? run('runuser', ['-u', 'postgres', '--', file, ...args]) : run(file, args);
}

/**
 * A PostgreSQL 15 primary of its own (initdb: a copy of the machine's shared cluster would be
 * gigabytes) and a streaming replica made from it with pg_basebackup, both on free loopback
 * ports, in a temporary directory removed by `close`.
 */
export async function startReplicaCluster(database = 'news'): Promise<ReplicaCluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entity-news-replica-'));
  fs.chmodSync(dir, 0o777);
  if (process.getuid?.() === 0) await run('chown', ['postgres', dir]);
  const primaryDir = path.join(dir, 'primary');
  const replicaDir = path.join(dir, 'replica');
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const options = (port: number) => `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c max_wal_senders=4 -c wal_level=replica -c hot_standby=on -c wal_receiver_status_interval=1s`;
  const started: string[] = [];
  const stop = async (dataDir: string) => {
    await asPostgres('pg_ctl', ['stop', '-D', dataDir, '-m', 'immediate', '-w']).catch(() => {});
  };
  try {
    await asPostgres('initdb', ['-D', primaryDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
    await asPostgres('pg_ctl', ['start', '-D', primaryDir, '-o', options(primaryPort), '-l', path.join(dir, 'primary.log'), '-w']);
    started.push(primaryDir);
    const primaryUrl = `postgres://postgres@127.0.0.1:${primaryPort}/${database}`;
    const { Client } = await import('pg');
    const admin = new Client({ connectionString: `postgres://postgres@127.0.0.1:${primaryPort}/postgres` });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    // -R: standby.signal and primary_conninfo written for us; the replica streams from the primary.
    await asPostgres('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', replicaDir, '-R', '-X', 'stream', '--checkpoint=fast', '--no-sync']);
    await asPostgres('pg_ctl', ['start', '-D', replicaDir, '-o', options(replicaPort), '-l', path.join(dir, 'replica.log'), '-w']);
    started.push(replicaDir);
    const replicaUrl = `postgres://postgres@127.0.0.1:${replicaPort}/${database}`;
    const onReplica = async (sql: string) => {
      const client = new Client({ connectionString: replicaUrl });
      await client.connect();
      try {
        return (await client.query(sql)).rows;
      } finally {
        await client.end();
      }
    };
    return {
      primaryUrl,
      replicaUrl,
      pauseReplay: async () => void (await onReplica(`SELECT pg_wal_replay_pause()`)),
      resumeReplay: async () => void (await onReplica(`SELECT pg_wal_replay_resume()`)),
      async caughtUp() {
        const primary = new Client({ connectionString: primaryUrl });
        await primary.connect();
        try {
          const [{ lsn }] = (await primary.query(`SELECT pg_current_wal_lsn()::text AS lsn`)).rows;
          for (let i = 0; i < 200; i++) {
            const [{ behind }] = await onReplica(`SELECT pg_wal_lsn_diff('${lsn}', pg_last_wal_replay_lsn()) > 0 AS behind`);
            if (!behind) return;
            await new Promise((r) => setTimeout(r, 50));
          }
          throw new Error('the replica did not catch up within 10 s');
        } finally {
          await primary.end();
        }
      },
      stopReplica: () => stop(replicaDir),
      async close() {
        for (const dataDir of started.reverse()) await stop(dataDir);
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    for (const dataDir of started.reverse()) await stop(dataDir);
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
