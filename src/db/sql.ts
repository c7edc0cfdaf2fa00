import { escapeLiteral } from 'pg';
import type { DataSource, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import type { PageRequest } from '../pagination';
import type { Article } from '../entities';

/**
 * A SELECT list built from an entity's TypeORM metadata: `alias.db_column AS "property"`,
 * so raw SQL (window functions, lateral joins) still returns entity-shaped rows. Columns
 * marked `select: false` (a commenter's email) are never in it.
 */
export function selectList<T extends ObjectLiteral>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
  alias: string,
  /** Properties to leave out (a list that does not show a large column need not fetch it). */
  omit: readonly (keyof T & string)[] = [],
): string {
  return dataSource
    .getMetadata(entity)
    .columns.filter((c) => c.isSelect && !omit.includes(c.propertyName as keyof T & string))
    .map((c) => `${alias}."${c.databaseName}" AS "${c.propertyName}"`)
    .join(', ');
}

/**
 * What a page's statement reads along with its rows (loaders/parts): columns to add to its
 * SELECT, and the reader that hands each row's values to their loaders.
 */
export interface ReadAlong {
  /** `, expr AS "_along0", …` over the row's alias; the parameters it needs are appended to `params`. */
  sql(ds: DataSource, alias: string, params: unknown[]): string;
  read(row: object): void;
}

/** Article columns no field shows: lists and parts do without them. */
export const ARTICLE_HIDDEN: readonly (keyof Article & string)[] = ['contentHash', 'createdAt', 'updatedAt'];

/** SQL for the keyset condition of a page over `(sortExpr, idExpr)`, ascending by default. */
export function keysetSql(
  page: PageRequest,
  sortExpr: string,
  idExpr: string,
  params: unknown[],
  descending = false,
): { where: string; order: string } {
  // Reading backward flips the direction; the connection flips the rows back.
  const desc = descending !== page.backward;
  const order = `${sortExpr} ${desc ? 'DESC' : 'ASC'}, ${idExpr} ${desc ? 'DESC' : 'ASC'}`;
  if (!page.cursor) return { where: 'TRUE', order };
  params.push(page.cursor[0], page.cursor[1]);
  const a = `$${params.length - 1}`;
  const b = `$${params.length}`;
  return { where: `(${sortExpr}, ${idExpr}) ${desc ? '<' : '>'} (${a}, ${b})`, order };
}

/**
 * A CTE never read, for a statement's WITH list: its parallel-unsafe function keeps PostgreSQL
 * from planning workers for the whole statement. Starting them cost more than the scans of a few
 * rows they were planned for (docs/search.md, "Listing by text"; docs/analytics.md, "Facets").
 */
export const SERIAL_PLAN_CTE = `serial AS MATERIALIZED (SELECT set_config('max_parallel_workers_per_gather', '0', true))`;

/**
 * A value written into a statement's text as an SQL literal (quoted and escaped, as pg sends
 * parameters), for the few statements that must be planned for their values: a statement with
 * parameters runs on a plan made once (src/db/prepared-client.ts), blind to how many rows a
 * value selects. Arrays become array literals, dates ISO instants, null NULL.
 */
export function sqlLiteral(value: unknown): string {
  if (value == null) return 'NULL';
  if (value instanceof Date) return escapeLiteral(value.toISOString());
  if (Array.isArray(value)) {
    const element = (v: unknown) => (typeof v === 'number' ? String(v) : `"${String(v).replace(/[\\"]/g, '\\$&')}"`);
    return escapeLiteral(`{${value.map(element).join(',')}}`);
  }
  return escapeLiteral(String(value));
}

/**
 * A timestamptz as exact ISO text in UTC with microseconds. Cursors over timestamps are
 * built from it: a JavaScript Date keeps only milliseconds, and a cursor rounded to the
 * millisecond would return rows again (or skip them) on the next page.
 */
export function exactTimestampSql(expr: string): string {
  return `to_char(${expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

interface PositionalRow<T> {
  sql: string;
  /** The same columns as a plain list (`alias."db_column", ...`), for a subquery feeding the array. */
  columns: string;
  /** How many values the array holds. */
  width: number;
  hydrate(values: unknown[]): T;
}

/** Built once per entity and alias (requests see the DataSource through their own view; the metadata is shared). */
const positionalRows = new WeakMap<EntityMetadata, Map<string, PositionalRow<unknown>>>();

/**
 * An entity's row as a positional JSON array (`json_build_array` of its selectable columns
 * under `alias`), and the function that turns such an array back into the entity. A list
 * aggregated this way costs the service less than the same list as JSON objects (keys
 * repeated and interned) or as result rows (each field parsed on its own): the front page's
 * tags 1.13 -> 0.70 ms of CPU. A statement of its own for such an array cost PostgreSQL more
 * than the service saved (comment pages, measured); inside a statement that runs anyway
 * (the front page's comments) it saves the statement.
 */
export function positionalRow<T>(
  ds: DataSource,
  entity: new () => T,
  alias: string,
  /** Properties no reader of these rows uses (left out of the array and of the object). */
  omit: readonly (keyof T & string)[] = [],
) {
  const metadata = ds.getMetadata(entity);
  const key = `${alias}|${omit.join(',')}`;
  const cached = positionalRows.get(metadata)?.get(key);
  if (cached) return cached as PositionalRow<T>;
  const columns = metadata.columns.filter((c) => c.isSelect && !omit.includes(c.propertyName as keyof T & string));
  const list = columns.map((c) => `${alias}."${c.databaseName}"`).join(', ');
  const sql = `json_build_array(${list})`;
  // Generated once per entity: one object literal with every property (one allocation, one
  // shape), where assigning keys one by one grows each row's properties out of line.
  const fields = columns.map((c, i) =>
    `${JSON.stringify(c.propertyName)}: ${c.type === 'timestamptz' ? `v[${i}] == null ? v[${i}] : new Date(v[${i}])` : `v[${i}]`}`,
  );
  const hydrate = new Function('v', `return { ${fields.join(', ')} };`) as (values: unknown[]) => T;
  const made: PositionalRow<T> = { sql, columns: list, width: columns.length, hydrate };
  if (!positionalRows.has(metadata)) positionalRows.set(metadata, new Map());
  positionalRows.get(metadata)!.set(key, made);
  return made;
}
