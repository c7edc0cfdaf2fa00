import { PreparingClient } from '../../src/db/prepared-client';
import { createTestDatabase, type TestDatabase } from '../support/database';

describe('statements with parameters are prepared once per connection', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('prepares a parameterized statement on first use and reuses it; statements without parameters run unnamed', async () => {
    const runner = db.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const prepared = () => runner.query(`SELECT statement FROM pg_prepared_statements ORDER BY statement`);
      // The pooled connection may already hold statements from the migrations.
      const before = (await prepared()).map((r: { statement: string }) => r.statement);
      const sql = `SELECT $1::int + 1 AS next, $2::text AS word`;
      expect(await runner.query(sql, [1, 'a'])).toEqual([{ next: 2, word: 'a' }]);
      expect(await runner.query(sql, [41, 'b'])).toEqual([{ next: 42, word: 'b' }]);
      await runner.query(`SELECT 1 AS one`);
      const after = (await prepared()).map((r: { statement: string }) => r.statement);
      expect(after.filter((statement: string) => !before.includes(statement))).toEqual([sql]);
    } finally {
      await runner.release();
    }
  });

  it('prepares at most 100 statements on one connection and still runs the rest', async () => {
    const runner = db.dataSource.createQueryRunner();
    await runner.connect();
    try {
      for (let i = 0; i < 120; i++) expect(await runner.query(`SELECT $1::int + ${i} AS n`, [1])).toEqual([{ n: i + 1 }]);
      const [{ count, ours }] = await runner.query(
        `SELECT count(*)::int AS count, count(*) FILTER (WHERE statement LIKE 'SELECT $1::int + %')::int AS ours FROM pg_prepared_statements`,
      );
      expect(count).toBe(100);
      expect(ours).toBeGreaterThan(90);
    } finally {
      await runner.release();
    }
  });

  it('runs them on a plan made once: a statement PostgreSQL would otherwise re-plan on every execution is planned once', async () => {
    // A connection of its own: the pool's may already hold 100 prepared statements.
    const client = new PreparingClient({ connectionString: db.url });
    await client.connect();
    try {
      expect((await client.query(`SHOW plan_cache_mode`)).rows).toEqual([{ plan_cache_mode: 'force_generic_plan' }]);
      // A small id batch and a LIMIT parameter: left to its heuristic, PostgreSQL plans this anew each time.
      const sql = `SELECT n FROM generate_series(1, 1000) AS g(n) WHERE n = ANY($1::int[]) ORDER BY n LIMIT $2`;
      for (let i = 1; i <= 8; i++) expect((await client.query(sql, [[i, i + 1, 5000], 1])).rows).toEqual([{ n: i }]);
      const { rows } = await client.query(`SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE $1`, ['%generate_series(1, 1000)%']);
      expect(rows).toEqual([{ generic_plans: '8', custom_plans: '0' }]);
    } finally {
      await client.end();
    }
  });
  it("answers pg's promise form through pg's callback form: the same rows, and PostgreSQL's error with its code", async () => {
    const client = new PreparingClient({ connectionString: db.url });
    await client.connect();
    try {
      expect((await client.query(`SELECT $1::int + 1 AS n`, [41])).rows).toEqual([{ n: 42 }]);
      expect((await client.query(`SELECT 'plain' AS s`)).rows).toEqual([{ s: 'plain' }]);
      await expect(client.query(`SELECT 1 / $1::int`, [0])).rejects.toMatchObject({ code: '22012' });
      await expect(client.query(`SELECT * FROM no_such_table`)).rejects.toMatchObject({ code: '42P01' });
      // the connection goes on after a failed statement
      expect((await client.query(`SELECT $1::text AS s`, ['after'])).rows).toEqual([{ s: 'after' }]);
      // the callback form is pg's own
      const viaCallback = await new Promise((resolve, reject) => client.query(`SELECT 7 AS n`, (e: Error | null, r: { rows: unknown[] }) => (e ? reject(e) : resolve(r.rows))));
      expect(viaCallback).toEqual([{ n: 7 }]);
    } finally {
      await client.end();
    }
  });
});
