import { createTestDatabase, type TestDatabase } from '../support/database';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 4 });
});
afterAll(() => db.drop());

const kept = async () => Number((await db.dataSource.query(`SELECT total FROM article_total`))[0].total);
const counted = async () => (await db.dataSource.query(`SELECT count(*)::int AS n FROM article`))[0].n as number;
const insert = (from: number, to: number) =>
  `INSERT INTO article (slug, title, body, language, published_at, content_hash)
   SELECT 'total-' || n, 'T ' || n, 'B ' || n, 'fr', TIMESTAMPTZ '2024-01-01' + n * INTERVAL '1 hour', 'total-' || n
     FROM generate_series(${from}, ${to}) AS n`;

describe('the kept article total (migration ArticleTotal)', () => {
  it('follows inserts of many rows at once, deletes and a truncate', async () => {
    expect(await kept()).toBe(0);
    await db.dataSource.query(insert(1, 250));
    expect(await kept()).toBe(250);
    await db.dataSource.query(`DELETE FROM article WHERE slug IN ('total-1', 'total-2', 'total-3')`);
    expect(await kept()).toBe(247);
    expect(await kept()).toBe(await counted());
    await db.dataSource.query(`TRUNCATE article CASCADE`);
    expect(await kept()).toBe(0);
  });

  it('counts nothing of a rolled-back insert, and concurrent inserts add up', async () => {
    const before = await kept();
    const runner = db.dataSource.createQueryRunner();
    await runner.startTransaction();
    await runner.query(insert(1000, 1009));
    expect(Number((await runner.query(`SELECT total FROM article_total`))[0].total)).toBe(before + 10);
    expect(await kept()).toBe(before); // others do not see the uncommitted articles
    await runner.rollbackTransaction();
    await runner.release();
    expect(await kept()).toBe(before);
    await Promise.all([0, 1, 2, 3].map((i) => db.dataSource.query(insert(2000 + i * 100, 2000 + i * 100 + 49))));
    expect(await kept()).toBe(before + 200);
    expect(await kept()).toBe(await counted());
  });
});
