import { createHash } from 'node:crypto';
import { Client } from 'pg';

/** Prepared statements kept per connection, at most: the rest run unnamed, as before. */
const MAX_PREPARED_PER_CONNECTION = 100;

const names = new Map<string, string>();

/**
 * The session settings every connection starts with. Plans made once: see the constructor.
 * JIT off: a generic plan estimates a keyset page at thousands of rows, which on a large
 * archive crosses jit_above_cost, and LLVM compilation then costs far more than our short
 * statements run (docs/performance.md, "JIT on packaged PostgreSQL").
 */
export const SESSION_OPTIONS = '-c plan_cache_mode=force_generic_plan -c jit=off';

function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `en_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    if (names.size < 4 * MAX_PREPARED_PER_CONNECTION) names.set(text, name);
  }
  return name;
}

/**
 * A pg client that runs parameterized statements as named prepared statements, so
 * PostgreSQL parses and plans each loader's statement once per connection instead of
 * once per request. Measured on the synthetic dataset, planning was a third of the
 * backend CPU of the front page's statements (topics 0.32 -> 0.08 ms, comments 0.36 ->
 * 0.12 ms). Statements without parameters (migrations, DDL, several statements in one
 * text) run as before, and each connection prepares at most MAX_PREPARED_PER_CONNECTION
 * distinct texts, so memory stays bounded whatever SQL is generated.
 */
export class PreparingClient extends Client {
  private prepared = new Set<string>();
  /** The backend's process id, set by pg once connected. */
  declare readonly processID: number | null;
  private readonly settings: Exclude<ConstructorParameters<typeof Client>[0], string | undefined>;

  /**
   * Prepared statements also run on plans made once (`plan_cache_mode=force_generic_plan`).
   * Left to its heuristic, PostgreSQL re-planned nearly every statement of ours on every
   * execution: for a small batch (an id array, a LIMIT parameter) the custom plan's estimate
   * always looks cheaper than the generic one, and planning is not counted. The front page's
   * statement spent 1.1 ms of its 3.8 ms of PostgreSQL CPU planning (EXPLAIN, PostgreSQL 18);
   * with a plan made once, 2.7 ms. Our statements are key lookups and keyset pages, which a
   * generic plan serves as well as a custom one.
   */
  constructor(config?: ConstructorParameters<typeof Client>[0]) {
    const given = typeof config === 'string' ? { connectionString: config } : (config ?? {});
    super({ ...given, options: [given.options, SESSION_OPTIONS].filter(Boolean).join(' ') });
    this.settings = given;
  }

  /**
   * Asks PostgreSQL to cancel whatever this connection's backend is running, over a
   * connection of its own: the pool may be saturated. A client that went away must not leave
   * its statements running; the caller discards this connection afterwards, so a cancel that
   * lands late cannot hit a statement of another request.
   */
  async cancelRunningStatement(): Promise<void> {
    if (!this.processID) return;
    const canceller = new Client({ ...this.settings, connectionTimeoutMillis: 2000, statement_timeout: 2000 });
    await canceller.connect();
    try {
      await canceller.query(`SELECT pg_cancel_backend($1)`, [this.processID]);
    } finally {
      await canceller.end();
    }
  }

  override query(config: any, values?: any, callback?: any): any {
    // A query object (a cursor, a config) or a callback of the caller's: pg's own way.
    if (typeof config !== 'string' || typeof values === 'function' || typeof callback === 'function') return super.query(config, values, callback);
    const name = Array.isArray(values) && values.length > 0 ? this.preparedName(config) : null;
    return this.answered(name ? { name, text: config, values } : { text: config, values });
  }

  /** The statement's name when this connection prepares it (it has it, or room for one more), else null. */
  private preparedName(text: string): string | null {
    const name = statementName(text);
    if (!this.prepared.has(name) && this.prepared.size >= MAX_PREPARED_PER_CONNECTION) return null;
    this.prepared.add(name);
    return name;
  }

  /**
   * A statement's result as a promise of our own, pg called with a callback: pg's own promise
   * form kept every result's rows through young-generation collections, promoted and held
   * until a full one (docs/performance-history.md, 2026-12-06 20:00).
   */
  private answered(query: { name?: string; text: string; values?: unknown[] }): Promise<unknown> {
    return new Promise((resolve, reject) => {
      super.query(query, (error: Error | null, result: unknown) => (error ? reject(error) : resolve(result)));
    });
  }
}
