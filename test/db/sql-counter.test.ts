import { Article } from '../../src/entities';
import { countingDataSource, type SqlCounter } from '../../src/db/sql-counter';
import { createTestDatabase, type TestDatabase } from '../support/database';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ seed: true });
});
afterAll(() => db.drop());

describe("a request's counting view of the DataSource", () => {
  it('counts raw queries, repository reads, query builders and transactions run through it', async () => {
    const counter: SqlCounter = { statements: 0 };
    const view = countingDataSource(db.dataSource, counter);
    await view.query('SELECT 1');
    expect(counter.statements).toBe(1);
    await view.getRepository(Article).findBy({ language: 'fr' });
    expect(counter.statements).toBe(2);
    await view.createQueryBuilder(Article, 'a').select('a.id').getRawMany();
    expect(counter.statements).toBe(3);
    await view.transaction(async (tx) => {
      await tx.query('SELECT 1');
      await tx.getRepository(Article).count();
    });
    // BEGIN, two statements, COMMIT.
    expect(counter.statements).toBe(7);
  });

  it('keeps concurrent requests apart and leaves the shared DataSource uncounted', async () => {
    const a: SqlCounter = { statements: 0 };
    const b: SqlCounter = { statements: 0 };
    const viewA = countingDataSource(db.dataSource, a);
    const viewB = countingDataSource(db.dataSource, b);
    await Promise.all([
      ...Array.from({ length: 5 }, () => viewA.query('SELECT pg_sleep(0.01)')),
      ...Array.from({ length: 3 }, () => viewB.query('SELECT pg_sleep(0.01)')),
      db.dataSource.query('SELECT 1'),
    ]);
    expect(a.statements).toBe(5);
    expect(b.statements).toBe(3);
  });

  it('counts a failed statement too', async () => {
    const counter: SqlCounter = { statements: 0 };
    await expect(countingDataSource(db.dataSource, counter).query('SELECT * FROM no_such_table')).rejects.toThrow();
    expect(counter.statements).toBe(1);
  });
});
