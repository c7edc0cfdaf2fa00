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
  /** The field's (coerced) arguments and selection as what to read; throws on a bad argument (reported at the field). */
  plan(args: Record<string, any>, selected: Selected): Plan;
  /** Equal keys read the same (the loader's batch and cache key); JSON by default. */
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
  constructor(readonly ds: DataSource, readonly params: unknown[]) {}
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
  /** The value read along for `key` (its plan's key being `planKey`), or the loader's promise. */
  now(key: PartKey<Plan>, planKey?: string): Value | Promise<Value>;
};

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
      await Promise.all([...byPlan.values()].map(async (group) => {
        const ids = [...new Set(group.map((k) => k.id))];
        const st = new Statement(ds, [ids]);
        const { sql, read } = part.sql(st, 'k.id', group[0].plan, NOTHING_NESTED);
        const rows: { _key: number; _v: unknown }[] = await ds.query(`SELECT k.id AS "_key", ${sql} AS "_v" FROM unnest($1::int[]) AS k(id)`, st.params);
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

/** A part chosen for a statement: what to read, and the parts of its rows read along. */
export interface Planned {
  part: Part;
  plan: unknown;
  children: Planned[];
}

/** The SQL of `planned`, each over the key column on `alias`, whose values are primed into their loaders. */
function partsSql(st: Statement, planned: readonly Planned[], loaders: PartLoaders, alias: string) {
  return planned.map(({ part, plan, children }) => {
    const nested = children.length ? nestedParts(st, children, loaders) : NOTHING_NESTED;
    const keyExpr = `${alias}.${part.key.column}`;
    const planKey = planKeyOf(part, plan);
    if (!part.each) {
      const { sql, read } = part.sql(st, keyExpr, plan, nested);
      return { sql, read: (row: object, raw: unknown) => {
        const id = part.key.of(row) as number | null;
        if (id != null) loaders(part).primeRead(planKey, id, read(raw));
      } };
    }
    const x = st.alias('x');
    const { sql, read } = part.sql(st, `${x}.id`, plan, nested);
    return {
      sql: `(SELECT COALESCE(json_agg(${sql} ORDER BY ${x}.n), '[]') FROM unnest(${keyExpr}) WITH ORDINALITY AS ${x}(id, n))`,
      read: (row: object, raw: unknown) => {
        const ids = (part.key.of(row) ?? []) as readonly number[];
        const values = raw as unknown[];
        ids.forEach((id, i) => loaders(part).primeRead(planKey, id, read(values[i] ?? null)));
      },
    };
  });
}

/** The parts of each row of a part, appended to the row's positional array. */
function nestedParts(st: Statement, planned: readonly Planned[], loaders: PartLoaders): Nested {
  let built: ReturnType<typeof partsSql> = [];
  return {
    sql(rowAlias) {
      built = partsSql(st, planned, loaders, rowAlias);
      return built.map((b) => `, ${b.sql}`).join('');
    },
    read(row, values, at) {
      built.forEach((b, i) => b.read(row, values[at + i]));
    },
  };
}

/** The planned parts as columns of a page's statement. */
export function readAlong(planned: readonly Planned[], loaders: PartLoaders): ReadAlong {
  let built: ReturnType<typeof partsSql> = [];
  return {
    sql(ds, alias, params) {
      built = partsSql(new Statement(ds, params), planned, loaders, alias);
      return built.map((b, i) => `, ${b.sql} AS "_along${i}"`).join('');
    },
    read(row) {
      const values = row as Record<string, unknown>;
      built.forEach((b, i) => b.read(row, values[`_along${i}`]));
    },
  };
}
