import DataLoader from 'dataloader';
import { pageKey, toConnection, type Connection, type CursorKey, type PageRequest } from '../services/pagination';
import { groupsInKeyOrder } from './keyed';

export interface PagedKey {
  id: number;
  page: PageRequest;
}

/**
 * Rows come from `parents CROSS JOIN LATERAL (count) LEFT JOIN LATERAL (page)`: every
 * parent yields at least one row carrying its total; a parent with an empty page yields
 * one row whose `id` is null.
 */
export interface PagedRow {
  /** Which key the row answers. */
  _key: number;
  /** The key's total number of rows, whatever the page. */
  _total: number;
  id: number | null;
}

/**
 * A loader for one page of a one-to-many relation under many parents at once: all keys
 * asking for the same page shape are answered by one SQL statement (a lateral join per
 * parent, so each parent costs an index range scan).
 */
export function pagedLoader<R extends PagedRow, T = R>(
  fetch: (ids: number[], page: PageRequest) => Promise<R[]>,
  cursorOf: (row: R) => CursorKey,
  toNode: (row: R) => T = (row) => row as unknown as T,
): DataLoader<PagedKey, Connection<T>, string> {
  return new DataLoader<PagedKey, Connection<T>, string>(
    async (keys) => {
      const results = new Map<PagedKey, Connection<T>>();
      const byPage = new Map<string, PagedKey[]>();
      for (const key of keys) {
        const k = pageKey(key.page);
        byPage.set(k, [...(byPage.get(k) ?? []), key]);
      }
      await Promise.all(
        [...byPage.values()].map(async (group) => {
          const page = group[0].page;
          const ids = [...new Set(group.map((k) => k.id))];
          const rows = await fetch(ids, page);
          const grouped = groupsInKeyOrder(ids, rows, (r) => r._key);
          ids.forEach((id, i) => {
            const own = grouped[i];
            const total = own[0]?._total ?? 0;
            const nodes = own.filter((r) => r.id !== null);
            const connection = toConnection(nodes, page, cursorOf, async () => total, (row) => ({ node: toNode(row) }));
            for (const key of group.filter((k) => k.id === id)) results.set(key, connection);
          });
        }),
      );
      return keys.map((k) => results.get(k)!);
    },
    { cacheKeyFn: (key) => `${key.id}|${pageKey(key.page)}` },
  );
}
