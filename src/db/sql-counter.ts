import type { DataSource, EntityManager, QueryRunner, ReplicationMode } from 'typeorm';
import { poolShareOf, type PoolClaim, type PoolShare } from './pool-share';
import { PreparingClient } from './prepared-client';
import { replicaRouterOf } from './replicas';

/**
 * Counts the SQL statements issued on behalf of one request, without AsyncLocalStorage:
 * on Node 20 it hooks every promise, and the front page makes thousands (measured: 10-15%
 * of its throughput). Instead each request gets its own view of the DataSource
 * (`countingDataSource`) whose query runners carry the request's counter; the TypeORM
 * logger bumps the counter of the runner that ran the statement.
 */
export interface SqlCounter {
  statements: number;
}

interface CountedRunnerData {
  sqlCounter?: SqlCounter;
}

/**
 * The DataSource as one request sees it: everything is the shared DataSource's (pool,
 * metadata, driver), except that every query runner it creates (for `query`, repositories,
 * query builders and transactions alike) counts its statements on `counter`, and, given
 * the request's `signal`, stops with it (see `abortWith`), and, on a serving pool, takes its
 * connection through the pool's admission in the lane of `claim` (src/db/pool-share.ts).
 */
export function countingDataSource(dataSource: DataSource, counter: SqlCounter, signal?: AbortSignal, claim?: PoolClaim): DataSource {
  const view: DataSource = Object.create(viewPrototypeOf(dataSource));
  const stop = signal && abortWith(signal);
  const share = poolShareOf(dataSource);
  const replicas = replicaRouterOf(dataSource);
  Object.defineProperties(view, {
    createQueryRunner: {
      value(mode?: ReplicationMode): QueryRunner {
        stop?.refuseIfAborted();
        // Called on the view, so the runner's EntityManager (and anything built on it) is the view's.
        const runner = dataSource.createQueryRunner.call(view, mode);
        (runner.data as CountedRunnerData).sqlCounter = counter;
        if (share) admitted(runner, share, claim ?? { lane: 'cheap' }, signal);
        stop?.track(runner);
        // A query's statements read on a replica that has replayed the client's last write, if one is usable
        // (routed last: a read retried on the primary is still cancelled with its request).
        const replica = claim?.replica && replicas?.pick(claim.afterLsn ?? null);
        if (replica) replicas!.route(runner, replica, signal);
        return runner;
      },
    },
  });
  return view;
}

const viewManager = Symbol('the view\'s EntityManager');
const viewPrototypes = new WeakMap<DataSource, DataSource>();

/**
 * What every view of `dataSource` inherits: a `manager` of the view's own, made when first
 * read (repositories, query builders and transactions start from it). A getter per view would
 * be a closure in each view's hidden class, which V8's young-generation collections hold on to.
 */
function viewPrototypeOf(dataSource: DataSource): DataSource {
  let prototype = viewPrototypes.get(dataSource);
  if (!prototype) {
    prototype = Object.create(dataSource, {
      manager: {
        get(this: DataSource & { [viewManager]?: EntityManager }) {
          return (this[viewManager] ??= this.createEntityManager());
        },
      },
    }) as DataSource;
    viewPrototypes.set(dataSource, prototype);
  }
  return prototype;
}

/**
 * The runner connects only once admitted in its request's lane, and gives the permit back
 * when it releases its connection (after one statement, or a whole transaction).
 */
function admitted(runner: QueryRunner, share: PoolShare, claim: PoolClaim, signal: AbortSignal | undefined): void {
  const connect = runner.connect.bind(runner);
  const release = runner.release.bind(runner);
  let permit: Promise<() => void> | null = null;
  runner.connect = async () => {
    permit ??= share.acquire(claim.lane, signal).catch((e: unknown) => {
      throw signal?.aborted ? new RequestAbortedError(signal.reason) : e;
    });
    await permit;
    return connect();
  };
  runner.release = async () => {
    try {
      return await release();
    } finally {
      const given = permit;
      permit = null;
      given?.then((giveBack) => giveBack(), () => {});
    }
  };
}

/** The TypeORM logger's hook: one statement for the request whose runner ran it, if any. */
export function recordStatement(runner: QueryRunner | undefined): void {
  const counter = (runner?.data as CountedRunnerData | undefined)?.sqlCounter;
  if (counter) counter.statements++;
}

/** The reason a request's view refuses new statements once its signal fired. */
export class RequestAbortedError extends Error {
  constructor(readonly reason: unknown) {
    super('the request was stopped before this statement ran');
    this.name = 'RequestAbortedError';
  }
}

/**
 * When the request's signal fires (deadline, client gone): no new statement starts, the
 * statements still running are cancelled in PostgreSQL, and their connections are discarded
 * instead of going back to the pool.
 */
function abortWith(signal: AbortSignal) {
  const running = new Set<PreparingClient>();
  const refuseIfAborted = () => {
    if (signal.aborted) throw new RequestAbortedError(signal.reason);
  };
  signal.addEventListener('abort', () => {
    for (const connection of running) void connection.cancelRunningStatement().catch(() => {});
  }, { once: true });
  return {
    refuseIfAborted,
    track(runner: QueryRunner): void {
      const query = runner.query.bind(runner);
      runner.query = (async (...args: Parameters<typeof query>) => {
        refuseIfAborted();
        const connection: unknown = await runner.connect();
        if (!(connection instanceof PreparingClient)) return query(...args);
        running.add(connection);
        try {
          return await query(...args);
        } finally {
          running.delete(connection);
          // Ended, the pool drops it when the runner releases it: a late cancel finds no statement of another request.
          if (signal.aborted) void connection.end().catch(() => {});
        }
      }) as typeof query;
    },
  };
}
