import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Counts the SQL statements issued on behalf of one request. The request handler runs
 * each request inside `countSql`; the TypeORM logger bumps the counter of whichever
 * request the statement belongs to.
 */
export interface SqlCounter {
  statements: number;
}

const storage = new AsyncLocalStorage<SqlCounter>();

export function countSql<T>(counter: SqlCounter, fn: () => T): T {
  return storage.run(counter, fn);
}

export function recordStatement(): void {
  const counter = storage.getStore();
  if (counter) counter.statements++;
}
