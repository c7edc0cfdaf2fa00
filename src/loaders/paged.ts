import DataLoader from 'dataloader';
import { pageKey, toConnection, type Connection, type CursorKey, type PageRequest } from '../pagination';
import { groupsInKeyOrder } from './keyed';
import { primable, type PrimableLoader } from './primable';

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

async function totalNotRequested(): Promise<number> {
  throw new Error('totalCount was resolved on a connection loaded without withTotal (see resolvers/selection.ts)');
}

/** A paged loader that can also be handed a page some other statement already read (`primePage`). */
export type PagedLoader<R, T> = PrimableLoader<PagedKey, Connection<T>, string> & {
  /** Caches the connection of `key` built from its rows (limit + 1 at most, in reading order) and its total. */
  primePage(key: PagedKey, rows: Omit<R, keyof PagedRow | 'id'>[], total: number | null): void;
};

/**
 * A loader for one page of a one-to-many relation under many parents at once: all keys
 * asking for the same page shape are answered by one SQL statement.
 */
export function pagedLoader<R extends PagedRow, T = R>(
  fetch: (ids: number[], page: PageRequest, withTotal: boolean) => Promise<R[]>,
  cursorOf: (row: R) => CursorKey,
  /** The node a row stands for; without it, the row itself. */
  toNode?: (row: R) => T,
): PagedLoader<R, T> {
  const shapeOf = (key: PagedKey) => `${key.withTotal ? 'T' : 'N'}|${pageKey(key.page)}`;
  const connectionOf = (nodes: R[], page: PageRequest, withTotal: boolean, total: number) =>
    toConnection<R, T>(nodes, page, cursorOf, withTotal ? async () => total : totalNotRequested, toNode && ((row) => ({ node: toNode(row) })));
  const cacheKeyOf = (key: PagedKey) => `${key.id}|${shapeOf(key)}`;
  const loader = primable(new DataLoader<PagedKey, Connection<T>, string>(
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
  ), cacheKeyOf) as PagedLoader<R, T>;
  loader.primePage = (key, rows, total) => {
    loader.prime(key, connectionOf(rows as R[], key.page, key.withTotal === true, total ?? 0));
  };
  return loader;
}
