import { Pool, type PoolClient } from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';
import { PreparingClient } from './prepared-client';

/** What DATABASE_REPLICA_URLS asks of a serving pool (src/config: replicaUrls, replicaMaxLagMs). */
export interface ReplicaOptions {
  urls: string[];
  /** A replica further behind the primary than this is skipped until it catches up. */
  maxLagMs: number;
}

/** A write-ahead log position, `16/B374D848` as PostgreSQL prints it, as one number. */
export function parseLsn(text: string): bigint | null {
  const match = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text.trim());
  return match ? (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`) : null;
}

interface Replica {
  /** Its position in DATABASE_REPLICA_URLS: logs name it so, never by host. */
  index: number;
  pool: Pool;
  /** Replayed up to here at the last check; null: not reachable, or not a standby. */
  replayLsn: bigint | null;
  checkedAt: number;
  /** When a statement last lost its connection to it: a check begun before then does not count. */
  lostAt: number;
}

/** How far behind a replica may be, and how we know: see ReplicaRouter. */
export interface ReplicaState {
  index: number;
  usable: boolean;
  lagMs: number | null;
}

/**
 * Reads on streaming replicas, writes on the primary (docs/operations.md, "Read replicas").
 * Every `maxLagMs / 4` the primary's WAL position is sampled and each replica's replay
 * position read; a replica's lag is how long ago the primary was first past the replica's
 * position (0 when it has replayed everything). A replica that is unreachable, no longer a
 * standby, unchecked for three rounds or lagging past `maxLagMs` is skipped, and so is one
 * that has not replayed a request's consistency token (its own write): the primary answers.
 */
export class ReplicaRouter {
  private readonly replicas: Replica[];
  /** The primary's WAL position over time, oldest first, as long as a lag can matter. */
  private samples: { at: number; lsn: bigint }[] = [];
  private next = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly everyMs: number;

  constructor(
    private readonly primary: DataSource,
    private readonly options: ReplicaOptions,
    poolOptions: Record<string, unknown>,
    private readonly log: (message: string) => void,
  ) {
    this.everyMs = Math.max(50, Math.floor(options.maxLagMs / 4));
    this.replicas = options.urls.map((url, index) => {
      const pool = new Pool({ ...poolOptions, connectionString: url, Client: PreparingClient });
      // An idle connection whose replica went away: the pool drops it; the check notices.
      pool.on('error', () => {});
      return { index, pool, replayLsn: null, checkedAt: 0, lostAt: 0 };
    });
  }

  start(): void {
    if (this.timer) return;
    const tick = () => {
      void this.check().finally(() => {
        if (this.timer) this.timer = setTimeout(tick, this.everyMs).unref();
      });
    };
    this.timer = setTimeout(tick, 0).unref();
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.all(this.replicas.map((r) => r.pool.end().catch(() => {})));
  }

  /** One round: the primary's position, then each replica's. */
  async check(): Promise<void> {
    const now = Date.now();
    if (this.primary.isInitialized) {
      const lsn = await this.primary.query(`SELECT pg_current_wal_lsn()::text AS lsn`).then(([row]) => parseLsn(row.lsn), () => null);
      const last = this.samples.at(-1);
      if (lsn !== null && (!last || lsn > last.lsn)) this.samples.push({ at: now, lsn });
      // Older samples only matter to replicas further behind than any would be used.
      const keepFrom = this.samples.findIndex((s) => s.at >= now - 10 * this.options.maxLagMs);
      if (keepFrom > 0) this.samples = this.samples.slice(keepFrom - 1);
    }
    await Promise.all(this.replicas.map(async (replica) => {
      const before = replica.replayLsn !== null;
      const started = Date.now();
      try {
        const { rows } = await replica.pool.query(`SELECT pg_is_in_recovery() AS standby, pg_last_wal_replay_lsn()::text AS lsn`);
        replica.replayLsn = rows[0].standby && rows[0].lsn ? parseLsn(rows[0].lsn) : null;
      } catch {
        replica.replayLsn = null;
      }
      if (replica.lostAt >= started) replica.replayLsn = null;
      replica.checkedAt = Date.now();
      if (before !== (replica.replayLsn !== null)) this.log(`replica ${replica.index} ${replica.replayLsn !== null ? 'reachable' : 'unreachable or not a standby'}`);
    }));
  }

  /** How long ago the primary first passed `lsn`: 0 when nothing newer was written. */
  private lagOf(lsn: bigint, now: number): number {
    const newer = this.samples.find((s) => s.lsn > lsn);
    return newer ? now - newer.at : 0;
  }

  states(now = Date.now()): ReplicaState[] {
    return this.replicas.map((r) => {
      const lagMs = r.replayLsn === null ? null : this.lagOf(r.replayLsn, now);
      return { index: r.index, lagMs, usable: lagMs !== null && lagMs <= this.options.maxLagMs && now - r.checkedAt <= 3 * this.everyMs + 1000 };
    });
  }

  /** A usable replica that has replayed `atLeast` (round robin), or null: read from the primary. */
  pick(atLeast: bigint | null): Replica | null {
    const now = Date.now();
    const states = this.states(now);
    for (let tried = 0; tried < this.replicas.length; tried++) {
      const replica = this.replicas[this.next++ % this.replicas.length];
      if (!states[replica.index].usable) continue;
      if (atLeast !== null && replica.replayLsn! < atLeast) continue;
      return replica;
    }
    return null;
  }

  /** The replica is skipped until a check finds it reachable again. */
  private markDown(replica: Replica, why: string): void {
    if (replica.replayLsn !== null) this.log(`replica ${replica.index} ${why}`);
    replica.replayLsn = null;
    replica.lostAt = Date.now();
  }

  /**
   * The runner reads on `replica`: TypeORM's own replication mode, given a driver of its own
   * whose "slave" connection is the replica's. A replica that cannot give a connection is
   * marked unreachable and the statement runs on the primary; so does a read whose
   * connection the replica drops mid-statement (the replica stopped, crashed or ended the
   * backend), retried once on the primary unless the request's `signal` has fired (past its
   * deadline, or its client gone), the statement may write, or it is part of a transaction.
   */
  route(runner: QueryRunner, replica: Replica, signal?: AbortSignal): void {
    const driver = runner.connection.driver as unknown as { obtainMasterConnection(): Promise<[PoolClient, (e?: unknown) => void]> };
    const routed = Object.create(driver, {
      isReplicated: { value: true },
      obtainSlaveConnection: {
        value: async (): Promise<[PoolClient, (e?: unknown) => void]> => {
          try {
            const client = await replica.pool.connect();
            return [client, (e?: unknown) => client.release(e instanceof Error ? e : undefined)];
          } catch {
            this.markDown(replica, 'refused a connection: its reads go to the primary');
            return driver.obtainMasterConnection();
          }
        },
      },
    });
    Object.assign(runner, { driver: routed, mode: 'slave' });
    const query = runner.query.bind(runner);
    runner.query = (async (...args: Parameters<typeof query>) => {
      const [sql] = args;
      try {
        return await query(...args);
      } catch (e) {
        const onReplica = (runner as unknown as RunnerInternals).driver === routed;
        if (!onReplica || !connectionLost(e) || signal?.aborted || runner.isTransactionActive || !isRead(sql)) throw e;
        this.markDown(replica, 'lost a connection mid-statement: the read is retried on the primary');
        onPrimary(runner, driver, e);
        return query(...args);
      }
    }) as typeof query;
  }
}

/** What PostgresQueryRunner keeps of its connection (typeorm 1.x), reset to take another. */
interface RunnerInternals {
  driver: { connectedQueryRunners: unknown[] };
  mode: string;
  isReleased: boolean;
  databaseConnection?: PoolClient;
  databaseConnectionPromise?: Promise<PoolClient>;
  releaseCallback?: (e?: unknown) => void;
}

/** The runner gives its lost connection back (the pool discards it) and takes its next one from the primary. */
function onPrimary(runner: QueryRunner, primaryDriver: unknown, error: unknown): void {
  const r = runner as unknown as RunnerInternals;
  // pg may already have reported the lost connection, and TypeORM released it then.
  r.releaseCallback?.(error instanceof Error ? error : new Error(String(error)));
  const connected = r.driver.connectedQueryRunners;
  if (connected.includes(runner)) connected.splice(connected.indexOf(runner), 1);
  Object.assign(r, {
    driver: primaryDriver, mode: 'master', isReleased: false, databaseConnection: undefined, databaseConnectionPromise: undefined, releaseCallback: undefined,
  });
}

/**
 * The connection itself is gone, not the statement refused: SQLSTATE class 08 (connection
 * exception), 57P01-57P03 (the server shutting down, crashed, or not accepting connections),
 * or pg's own errors for a socket that closed.
 */
export function connectionLost(e: unknown): boolean {
  const error = ((e as { driverError?: unknown })?.driverError ?? e) as { code?: unknown; message?: unknown } | null;
  const code = typeof error?.code === 'string' ? error.code : '';
  if (/^08/.test(code) || ['57P01', '57P02', '57P03', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE'].includes(code)) return true;
  return /^Connection terminated|connection error and is not queryable/.test(String(error?.message ?? ''));
}

/** A statement that only reads: one SELECT (or WITH, VALUES, TABLE) that neither writes nor locks rows. */
export function isRead(sql: string): boolean {
  return /^\s*(SELECT|WITH|VALUES|TABLE)\b/i.test(sql) && !/\b(INSERT|UPDATE|DELETE|MERGE|FOR\s+(NO\s+KEY\s+)?UPDATE|FOR\s+(KEY\s+)?SHARE)\b/i.test(sql);
}

const routers = new WeakMap<DataSource, ReplicaRouter>();

/** Gives a serving pool its replicas (one router per DataSource, made with it, closed with it). */
export function routeReadsToReplicas(dataSource: DataSource, router: ReplicaRouter): void {
  routers.set(dataSource, router);
  const destroy = dataSource.destroy.bind(dataSource);
  const initialize = dataSource.initialize.bind(dataSource);
  Object.assign(dataSource, {
    async initialize() {
      const done = await initialize();
      router.start();
      return done;
    },
    async destroy() {
      await router.close();
      return destroy();
    },
  });
}

export function replicaRouterOf(dataSource: DataSource): ReplicaRouter | undefined {
  return routers.get(dataSource);
}
