import DataLoader from 'dataloader';
import { pageKey, toConnection, type Connection, type CursorKey, type PageRequest } from '../pagination';
import { groupsInKeyOrder } from './keyed';

export interface PagedKey {
  id: number;
  page: PageRequest;
  /** Whether the client asked for `totalCount`: the count is only computed then. */
  withTotal?: boolean;
}

/**
 * Rows come from `parents [CROSS JOIN LATERAL (count)] LEFT JOIN LATERAL (page)`: every
 * parent yields at least one row (carrying its total when asked for); a parent with an
 * empty page yields one row whose `id` is null.
 */
export interface PagedRow {
  /** Which key the row answers. */
  _key: number;
  /** The key's total number of rows, whatever the page; null when the total was not asked for. */
  _total: number | null;
  id: number | null;
}

/**
 * The one statement shape of a paged relation under many parents (`$1` is the int[] of
 * parent ids, `k.id` one of them inside both subqueries): each parent costs an index range
 * scan for its page, plus one for its count when `countSql` is given.
 */
export function lateralPageSql(countSql: string | null, pageSql: string): string {
  return `SELECT k.id AS "_key", ${countSql ? 't.total' : 'NULL::int'} AS "_total", x.*
            FROM unnest($1::int[]) AS k(id)
            ${countSql ? `CROSS JOIN LATERAL (${countSql}) t` : ''}
            LEFT JOIN LATERAL (${pageSql}) x ON TRUE`;
}

/** A connection's totalCount when the selection did not ask for it (the count was not run). */
export async function totalNotRequested(): Promise<number> {
  throw new Error('totalCount was resolved on a connection read without its total (see resolvers/selection.ts)');
}

/**
 * A loader for one page of a one-to-many relation under many parents at once: all keys
 * asking for the same page shape are answered by one SQL statement. (Relations a page reads
 * along are parts instead: loaders/parts.)
 */
export function pagedLoader<R extends PagedRow, T = R>(
  fetch: (ids: number[], page: PageRequest, withTotal: boolean) => Promise<R[]>,
  cursorOf: (row: R) => CursorKey,
  /** The node a row stands for; without it, the row itself. */
  toNode?: (row: R) => T,
): DataLoader<PagedKey, Connection<T>, string> {
  const shapeOf = (key: PagedKey) => `${key.withTotal ? 'T' : 'N'}|${pageKey(key.page)}`;
  const connectionOf = (nodes: R[], page: PageRequest, withTotal: boolean, total: number) =>
    toConnection<R, T>(nodes, page, cursorOf, withTotal ? async () => total : totalNotRequested, toNode && ((row) => ({ node: toNode(row) })));
  const cacheKeyOf = (key: PagedKey) => `${key.id}|${shapeOf(key)}`;
  return new DataLoader<PagedKey, Connection<T>, string>(
    async (keys) => {
      const results = new Map<string, Connection<T>>();
      const byShape = new Map<string, PagedKey[]>();
      for (const key of keys) {
        const shape = shapeOf(key);
        const group = byShape.get(shape);
        if (group) group.push(key);
        else byShape.set(shape, [key]);
      }
      await Promise.all(
        [...byShape].map(async ([shape, group]) => {
          const { page } = group[0];
          const withTotal = group[0].withTotal === true;
          const ids = [...new Set(group.map((k) => k.id))];
          const rows = await fetch(ids, page, withTotal);
          const grouped = groupsInKeyOrder(ids, rows, (r) => r._key);
          ids.forEach((id, i) => {
            const own = grouped[i];
            const nodes = own.filter((r) => r.id !== null);
            results.set(`${id}|${shape}`, connectionOf(nodes, page, withTotal, own[0]?._total ?? 0));
          });
        }),
      );
      return keys.map((k) => results.get(cacheKeyOf(k))!);
    },
    { cacheKeyFn: cacheKeyOf },
  );
}
