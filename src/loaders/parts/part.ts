import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { ReadAlong } from '../../db/sql';

/**
 * A part a page can read along: one field (or a few fields over the same data) of a GraphQL
 * type whose value is SQL over the parent row's key. The same declaration serves three
 * readers: its loader (the SQL over a batch of keys), a page's statement (the SQL as a
 * column of the parent's row, resolvers/read-along.ts plans which), and the field's
 * resolver (the same plan from its arguments, then the loader). See docs/architecture.md.
 */
export interface Part<Plan = any, Value = any> {
  /** For messages and tests. */
  name: string;
  /** The GraphQL types that have the field. */
  on: readonly string[];
  /** The fields it serves; several when they show the same data (`pick` tells each its share). */
  fields: readonly string[];
  pick?(value: Value, field: string): unknown;
  /** The parent's key: the SQL column on the parent's row and the same value on the parent object; null reads nothing. */
  key: { column: string; of(parent: any): number | readonly number[] | null };
  /** The key is a list of ids (an encounter's events): the value is one per id, nulls left out. */
  each?: boolean;
  /** The resolver's parent is an edge whose node is the row holding the key. */
  onEdge?: boolean;
  /** What the field answers when the key is null. */
  none?: unknown;
  /** Where the rows' own fields are selected (`self`: the field's selection; `node`: edges.node; `edge`: edges). */
  at?: 'self' | 'node' | 'edge';
  /** The GraphQL type of the rows, when their own parts can be read along inside this part's SQL. */
  rowType?: string;
  /**
   * The field's (coerced) arguments and selection as what to read; throws on a bad argument
   * (reported at the field). Pure: an operation's plans are kept while its arguments are the same.
   */
  plan(args: Record<string, any>, selected: Selected): Plan;
  /** Equal keys read the same, with the same SQL and parameters (the loader's batch and cache key, built statements' key); JSON by default. */
  planKey?(plan: Plan): string;
  /**
   * The value as one SQL expression over `keyExpr`, and how to read it back. `nested` are the
   * parts of each row read along: the part appends `nested.sql(rowAlias)` to each row's array
   * and calls `nested.read(row, values, at)` on it.
   */
  sql(st: Statement, keyExpr: string, plan: Plan, nested: Nested): { sql: string; read(raw: any): Value };
}

/** What the field's selection asks for, as far as a plan needs to know. */
export interface Selected {
  /** Whether `totalCount` is selected (connections). */
  withTotal: boolean;
  /** Whether the rows' selection asks for `field` (see Part.at). */
  asks(field: string): boolean;
  /** The names of the fields selected on the rows (see Part.at), or with `under` on their field of that name (an edge's `node`). */
  fields(under?: string): ReadonlySet<string>;
}

/** The statement being built: its data source, its parameters and aliases no other part uses. */
export class Statement {
  #next = 0;
  #ds: DataSource | null;
  constructor(ds: DataSource, readonly params: unknown[]) {
    this.#ds = ds;
  }
  get ds(): DataSource {
    if (!this.#ds) throw new Error('the statement is built: its data source is no longer at hand');
    return this.#ds;
  }
  /** Built statements outlive their request (builtFor): they let go of its data source view. */
  release(): void {
    this.#ds = null;
  }
  /** An alias free in the whole statement (parts nest inside each other). */
  alias(prefix: string): string {
    return `${prefix}${this.#next++}`;
  }
  bind(value: unknown): string {
    return `$${this.params.push(value)}`;
  }
}

/** The parts read along for each row of a part: extra values at the end of the row's array. */
export interface Nested {
  /** `, expr, …` over the row's alias (empty when none). Called once, when the part builds its SQL. */
  sql(rowAlias: string): string;
  /** Reads the row's nested values from `values[at…]` and hands them to their loaders. */
  read(row: object, values: readonly unknown[], at: number): void;
}

export const NOTHING_NESTED: Nested = { sql: () => '', read: () => undefined };

export const planKeyOf = (part: Part, plan: unknown) => (part.planKey ? part.planKey(plan) : JSON.stringify(plan));

export type PartKey<Plan> = { id: number; plan: Plan };

/**
 * A part's loader. What a page's statement read is kept per plan key, then per id (a page
 * primes hundreds of values: number keys under a key computed once per part, not a string
 * per value), and answered at once by `now`.
 */
export type PartLoader<Plan, Value> = DataLoader<PartKey<Plan>, Value, string> & {
  /** Hands over a value read along, for the plan whose key is `planKey`. */
  primeRead(planKey: string, id: number, value: Value): void;
  /** The value read along for `id` under the plan whose key is `planKey`; undefined when none was. */
  peek(planKey: string, id: number): Value | undefined;
  /** The value read along for `key` (its plan's key being `planKey`), or the loader's promise. */
  now(key: PartKey<Plan>, planKey?: string): Value | Promise<Value>;
};

/** A part's SQL over a batch of keys (`$1`) for one plan, built once per plan key (builtFor). */
function batchSql<Plan, Value>(ds: DataSource, part: Part<Plan, Value>, plan: Plan, planKey: string): BatchSql<Value> {
  return builtFor(`batch|${part.name}|${planKey}`, () => {
    const st = new Statement(ds, [null]);
    const { sql, read } = part.sql(st, 'k.id', plan, NOTHING_NESTED);
    st.release();
    return { sql: `SELECT k.id AS "_key", ${sql} AS "_v" FROM unnest($1::int[]) AS k(id)`, params: st.params.slice(1), read };
  }) as BatchSql<Value>;
}

/** The loader of a part: one statement per plan for every key of the batch, the part's SQL over `k.id`. */
export function partLoader<Plan, Value>(ds: DataSource, part: Part<Plan, Value>): PartLoader<Plan, Value> {
  const cacheKeyOf = (key: PartKey<Plan>) => `${key.id}|${planKeyOf(part, key.plan)}`;
  const primed = new Map<string, Map<number, Value>>();
  const loader = new DataLoader<PartKey<Plan>, Value, string>(
    async (keys) => {
      const byPlan = new Map<string, PartKey<Plan>[]>();
      for (const key of keys) {
        const k = planKeyOf(part, key.plan);
        const group = byPlan.get(k);
        if (group) group.push(key);
        else byPlan.set(k, [key]);
      }
      const values = new Map<string, Value>();
      await Promise.all([...byPlan].map(async ([planKey, group]) => {
        const ids = [...new Set(group.map((k) => k.id))];
        const { sql, params, read } = batchSql(ds, part, group[0].plan, planKey);
        const rows: { _key: number; _v: unknown }[] = await ds.query(sql, [ids, ...params]);
        const read1 = new Map(rows.map((r) => [r._key, r._v]));
        for (const key of group) values.set(cacheKeyOf(key), read(read1.get(key.id) ?? null));
      }));
      return keys.map((k) => values.get(cacheKeyOf(k))!);
    },
    { cacheKeyFn: cacheKeyOf },
  );
  const load = loader.load.bind(loader);
  const known = (key: PartKey<Plan>, planKey: string) => primed.get(planKey)?.get(key.id);
  return Object.assign(loader, {
    primeRead(planKey: string, id: number, value: Value) {
      let ofPlan = primed.get(planKey);
      if (!ofPlan) primed.set(planKey, (ofPlan = new Map()));
      ofPlan.set(id, value);
    },
    peek: (planKey: string, id: number) => primed.get(planKey)?.get(id),
    now(key: PartKey<Plan>, planKey = planKeyOf(part, key.plan)) {
      const value = known(key, planKey);
      return value !== undefined ? value : load(key);
    },
    load(key: PartKey<Plan>) {
      const value = known(key, planKeyOf(part, key.plan));
      return value !== undefined ? Promise.resolve(value) : load(key);
    },
  });
}

/** Every part's loader of one request, made when first asked for. */
export function partLoaders(ds: DataSource) {
  const made = new Map<Part, PartLoader<unknown, unknown>>();
  return <P, V>(part: Part<P, V>): PartLoader<P, V> => {
    let loader = made.get(part);
    if (!loader) made.set(part, (loader = partLoader(ds, part) as PartLoader<unknown, unknown>));
    return loader as PartLoader<P, V>;
  };
}

export type PartLoaders = ReturnType<typeof partLoaders>;

/** A part chosen for a statement: what to read (`key`: its plan key), and the parts of its rows read along. */
export interface Planned {
  part: Part;
  plan: unknown;
  key: string;
  children: Planned[];
}

/**
 * Built statements by plan shape. A page's read-along columns (and a loader's batch SQL) are
 * a function of the parts, their plan keys and where the columns start, so a repeated
 * operation reuses the text, the parameters the parts bound and the readers, and binds only
 * its own values (the slug, the list's cursor). Plan keys carry the values the parts bind
 * (a page's size, a window's dates): other values are another entry. Least recently used out.
 */
export const BUILT_MAX = 256;
/** Keyed `along|…` (a page's columns: AlongSql) or `batch|…` (a loader's statement: BatchSql), so an entry's type follows its key. */
const built = new Map<string, AlongSql | BatchSql<unknown>>();

interface AlongSql {
  sql: string;
  params: readonly unknown[];
  /** Reads a row's read-along values into `loaders`. */
  read(row: object, loaders: PartLoaders): void;
}

interface BatchSql<Value> {
  sql: string;
  params: readonly unknown[];
  read(raw: unknown): Value;
}

function builtFor<T extends AlongSql | BatchSql<unknown>>(key: string, build: () => T): T {
  let found = built.get(key) as T | undefined;
  if (found) built.delete(key);
  else {
    found = build();
    if (built.size >= BUILT_MAX) built.delete(built.keys().next().value!);
  }
  built.set(key, found);
  return found;
}

/** How many built statements are kept (tests). */
export const builtCount = () => built.size;

/** A key no other plan tree shares (keys length-prefixed: a cursor's text may hold any separator). */
export function shapeKey(planned: readonly Planned[]): string {
  let key = '';
  for (const p of planned) key += `${p.part.name}:${p.key.length}:${p.key}{${p.children.length ? shapeKey(p.children) : ''}}`;
  return key;
}

/** The loaders a statement's reader primes: set while one row is read (reading is synchronous; built readers are shared by requests). */
let priming: PartLoaders | null = null;

type ReadColumn = (row: object, raw: unknown) => void;

/** The SQL of `planned`, each over the key column on `alias`, whose values are primed into their loaders. */
function partsSql(st: Statement, planned: readonly Planned[], alias: string): { sql: string; read: ReadColumn }[] {
  return planned.map(({ part, plan, key: planKey, children }) => {
    const nested = children.length ? nestedParts(st, children) : NOTHING_NESTED;
    const keyExpr = `${alias}.${part.key.column}`;
    if (!part.each) {
      const { sql, read } = part.sql(st, keyExpr, plan, nested);
      return { sql, read: (row: object, raw: unknown) => {
        const id = part.key.of(row) as number | null;
        if (id != null) priming!(part).primeRead(planKey, id, read(raw));
      } };
    }
    const x = st.alias('x');
    const { sql, read } = part.sql(st, `${x}.id`, plan, nested);
    return {
      sql: `(SELECT COALESCE(json_agg(${sql} ORDER BY ${x}.n), '[]') FROM unnest(${keyExpr}) WITH ORDINALITY AS ${x}(id, n))`,
      read: (row: object, raw: unknown) => {
        const ids = (part.key.of(row) ?? []) as readonly number[];
        const values = raw as unknown[];
        const loader = priming!(part);
        for (let i = 0; i < ids.length; i++) loader.primeRead(planKey, ids[i], read(values[i] ?? null));
      },
    };
  });
}

/** The parts of each row of a part, appended to the row's positional array. */
function nestedParts(st: Statement, planned: readonly Planned[]): Nested {
  let columns: ReturnType<typeof partsSql> = [];
  return {
    sql(rowAlias) {
      columns = partsSql(st, planned, rowAlias);
      return columns.map((b) => `, ${b.sql}`).join('');
    },
    read(row, values, at) {
      for (let i = 0; i < columns.length; i++) columns[i].read(row, values[at + i]);
    },
  };
}

/** The planned parts as columns (`_along0`, …) of a page's statement, starting at parameter `start`. */
function alongSql(ds: DataSource, planned: readonly Planned[], alias: string, start: number): AlongSql {
  const st = new Statement(ds, new Array<unknown>(start).fill(null));
  const columns = partsSql(st, planned, alias);
  st.release();
  const names = columns.map((_, i) => `_along${i}`);
  return {
    sql: columns.map((b, i) => `, ${b.sql} AS "${names[i]}"`).join(''),
    params: st.params.slice(start),
    read(row, loaders) {
      const values = row as Record<string, unknown>;
      priming = loaders;
      try {
        for (let i = 0; i < columns.length; i++) columns[i].read(row, values[names[i]]);
      } finally {
        priming = null;
      }
    },
  };
}

/** The planned parts as columns of a page's statement; `shape` is their shapeKey (the planner may have it already). */
export function readAlong(planned: readonly Planned[], loaders: PartLoaders, shape: string = shapeKey(planned)): ReadAlong {
  let statement: AlongSql | null = null;
  return {
    sql(ds, alias, params) {
      statement = builtFor(`along|${alias}|${params.length}|${shape}`, () => alongSql(ds, planned, alias, params.length));
      for (const p of statement.params) params.push(p);
      return statement.sql;
    },
    read(row) {
      statement!.read(row, loaders);
    },
  };
}
