import { DataSource, type DataSourceOptions } from 'typeorm';
import { migrate, pendingMigrations } from '../../src/db/data-source';
import { PreparingClient } from '../../src/db/prepared-client';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * TypeORM's schema builder reads the catalog with several queries at once on one connection
 * (PostgresQueryRunner.loadTables: Promise.all), which pg deprecates; the service never runs
 * it. For this check, its connections take their statements one after the other.
 */
class OneQueryAtATime extends PreparingClient {
  private last: Promise<unknown> = Promise.resolve();
  override query(config: any, values?: any, callback?: any): any {
    if (typeof callback === 'function' || typeof values === 'function' || typeof config?.submit === 'function') return super.query(config, values, callback);
    const run = () => super.query(config, values);
    const result = this.last.then(run, run);
    this.last = result.catch(() => {});
    return result;
  }
}

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ migrate: false });
});
afterAll(() => db.drop());

describe('migrations', () => {
  it('apply every migration on an empty database, then nothing the second time', async () => {
    expect((await pendingMigrations(db.dataSource)).length).toBe(db.dataSource.migrations.length);
    const first = await migrate(db.dataSource);
    expect(first.length).toBe(db.dataSource.migrations.length);
    expect(await pendingMigrations(db.dataSource)).toEqual([]);
    const tablesBefore = await db.dataSource.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`);
    expect(await migrate(db.dataSource)).toEqual([]);
    const tablesAfter = await db.dataSource.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`);
    expect(tablesAfter).toEqual(tablesBefore);
  });

  it('make codes, hashes and slugs compare byte by byte, in their columns and every index on them', async () => {
    const keys = [['relation_summary', 'kind'], ['comment', 'status'], ['comment', 'email_hash'], ['comment', 'body_hash'], ['article', 'slug'], ['article', 'url'], ['article', 'content_hash']];
    const columns: { table: string; column: string; collation: string | null }[] = await db.dataSource.query(
      `SELECT table_name AS table, column_name AS column, collation_name AS collation FROM information_schema.columns
        WHERE table_schema = 'public' AND (table_name, column_name) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [keys.map((k) => k[0]), keys.map((k) => k[1])],
    );
    expect(columns).toHaveLength(keys.length);
    for (const c of columns) expect(`${c.table}.${c.column} ${c.collation}`).toBe(`${c.table}.${c.column} C`);
    // An index keeps the collation it was built with: each on these columns was rebuilt under "C".
    const indexed: { index: string; collation: string }[] = await db.dataSource.query(
      `SELECT i.indexrelid::regclass::text AS index, co.collname AS collation
         FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey, i.indcollation) AS k(attnum, coll)
         JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
         JOIN pg_collation co ON co.oid = k.coll
        WHERE (i.indrelid::regclass::text, a.attname) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [keys.map((k) => k[0]), keys.map((k) => k[1])],
    );
    expect(indexed.length).toBeGreaterThanOrEqual(10);
    for (const i of indexed) expect(`${i.index} ${i.collation}`).toBe(`${i.index} C`);
  });

  it('create every table and column the entities map, with the mapped types', async () => {
    // Constraints and indexes are written in SQL and not modelled on the entities, and some
    // columns only SQL reads (search vectors, hashes); what counts as drift is an entity's
    // table or column missing from the database, or mapped with another type.
    // TypeORM reads generated columns' expressions from its own table, which we never use.
    await db.dataSource.query(`CREATE TABLE IF NOT EXISTS typeorm_metadata ("type" varchar NOT NULL, "database" varchar, "schema" varchar, "table" varchar, "name" varchar, "value" text)`);
    const options = db.dataSource.options as DataSourceOptions & { extra: object };
    const inspector = new DataSource({ ...options, extra: { ...options.extra, Client: OneQueryAtATime } } as DataSourceOptions);
    await inspector.initialize();
    const sql = await inspector.driver.createSchemaBuilder().log().finally(() => inspector.destroy());
    const drift = sql.upQueries.map((q) => q.query).filter((q) => /CREATE TABLE|ADD COLUMN|ALTER COLUMN|ADD "/i.test(q) && !/CONSTRAINT/i.test(q));
    expect(drift).toEqual([]);
  });
});
