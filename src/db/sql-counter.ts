import type { DataSource, EntityManager, QueryRunner, ReplicationMode } from 'typeorm';

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
 * query builders and transactions alike) counts its statements on `counter`.
 */
export function countingDataSource(dataSource: DataSource, counter: SqlCounter): DataSource {
  const view: DataSource = Object.create(dataSource);
  let manager: EntityManager | undefined;
  Object.defineProperties(view, {
    createQueryRunner: {
      value(mode?: ReplicationMode): QueryRunner {
        // Called on the view, so the runner's EntityManager (and anything built on it) is the view's.
        const runner = dataSource.createQueryRunner.call(view, mode);
        (runner.data as CountedRunnerData).sqlCounter = counter;
        return runner;
      },
    },
    // Repositories, query builders and transactions start from `manager`: the view's own.
    manager: { get: () => (manager ??= view.createEntityManager()) },
  });
  return view;
}

/** The TypeORM logger's hook: one statement for the request whose runner ran it, if any. */
export function recordStatement(runner: QueryRunner | undefined): void {
  const counter = (runner?.data as CountedRunnerData | undefined)?.sqlCounter;
  if (counter) counter.statements++;
}
