import { pageKey, pageRequest, toConnection, type Connection, type CursorKey, type PageArgs, type PageRequest, type SortKind } from '../../pagination';
import { keysetSql, positionalRow } from '../../db/sql';
import { totalNotRequested } from '../paged';
import type { Nested, Selected, Statement } from './part';

/** What a paged part reads: which page, and whether with its total. */
export interface PagePlan {
  page: PageRequest;
  withTotal: boolean;
}

/** The plan of a connection field: `first/after/last/before` (checked, with the cursor's sort kind) and `totalCount`. */
export function pagePlan(defaultSize: number, sort: SortKind) {
  return (args: PageArgs, selected: Selected): PagePlan => ({ page: pageRequest(args, defaultSize, sort), withTotal: selected.withTotal });
}

export const pagePlanKey = (plan: PagePlan) => `${plan.withTotal ? 'T' : 'N'}|${pageKey(plan.page)}`;

/**
 * One page as one SQL value, `[rows, total]`: `rows` a JSON array of the positional rows
 * `rowSql` aggregated in the page's reading order (`limit + 1` at most: one more tells
 * whether there is a next page), `total` the count when asked for, else null. `inner` is
 * the FROM … WHERE of the relation with the keyset columns `sortExpr`, `idExpr` (of the
 * inner query) and `outerSort`, `outerId` (the same columns under `alias`, outside).
 */
export function pageSql(st: Statement, plan: PagePlan, q: {
  alias: string; columns: string; rowSql: string; inner: string;
  /** The FROM … WHERE whose rows `totalCount` counts, or `{ total }`: an SQL expression for the count kept elsewhere. */
  count: string | { total: string };
  sortExpr: string; idExpr: string; outerSort: string; outerId: string; descending?: boolean;
  /** Joined to the page's rows only (after the limit). */
  join?: string;
}): string {
  const keyset = keysetSql(plan.page, q.sortExpr, q.idExpr, st.params, q.descending);
  const order = keysetSql({ ...plan.page, cursor: null }, q.outerSort, q.outerId, [], q.descending).order;
  const limit = st.bind(plan.page.limit + 1);
  return `json_build_array(
    (SELECT COALESCE(json_agg(${q.rowSql} ORDER BY ${order}), '[]')
       FROM (SELECT ${q.columns} ${q.inner} AND ${keyset.where} ORDER BY ${keyset.order} LIMIT ${limit}) ${q.alias} ${q.join ?? ''}),
    ${!plan.withTotal ? 'NULL' : typeof q.count === 'string' ? `(SELECT count(*)::int ${q.count})` : q.count.total})`;
}

/** Reads a pageSql value back into a connection. */
export function readPage<R>(raw: [unknown[][], number | null] | null, plan: PagePlan, readRow: (values: unknown[]) => R, cursorOf: (row: R) => CursorKey): Connection<R> {
  const rows = (raw?.[0] ?? []).map(readRow);
  const total = raw?.[1] ?? 0;
  return toConnection(rows, plan.page, cursorOf, plan.withTotal ? async () => total : totalNotRequested);
}

/**
 * A list of rows of `entity` (under `alias`, leaving out `omit`) as one JSON array in `order`,
 * each row's nested parts after its columns; `from` is the FROM … WHERE that finds them.
 */
export function rowsSql<T>(st: Statement, entity: new () => T, alias: string, q: { from: string; order: string; omit?: readonly (keyof T & string)[] }, nested: Nested) {
  const row = positionalRow(st.ds, entity, alias, q.omit);
  return {
    sql: `(SELECT COALESCE(json_agg(json_build_array(${row.columns}${nested.sql(alias)}) ORDER BY ${q.order}), '[]') ${q.from})`,
    read: (values: unknown[][]) => values.map((v) => {
      const found = row.hydrate(v);
      nested.read(found as object, v, row.width);
      return found;
    }),
  };
}

/** A page's row sorted on an exact instant: its columns, then the instant (`_sort`, for cursors), then its nested parts. */
export function readSortedRow<T extends { id: number }>(row: { width: number; hydrate(values: unknown[]): T }, nested: Nested) {
  return (v: unknown[]) => {
    const found = row.hydrate(v) as T & { _sort: string };
    found._sort = v[row.width] as string;
    nested.read(found, v, row.width + 1);
    return found;
  };
}

export const bySortInstant = (row: { _sort: string; id: number }): CursorKey => [row._sort, row.id];
