import { checkServerVersion, connectionsNeeded, inspectServer, MIN_POSTGRES_VERSION_NUM, planConnections, ServerCheckError } from '../../src/db/server-check';
import { createTestDatabase, type TestDatabase } from '../support/database';

describe('the PostgreSQL version start-up requires', () => {
  it('refuses a server older than the supported minimum, naming its version and the minimum', () => {
    // No PostgreSQL older than 15 can be had on this machine (Debian 12 ships 15): a stubbed version.
    expect(() => checkServerVersion({ versionNum: 140012, version: '14.12 (Debian 14.12-1)' }, 'DATABASE_URL (db:5432/news)')).toThrow(
      new ServerCheckError('DATABASE_URL (db:5432/news) runs PostgreSQL 14.12; this service needs PostgreSQL 15 or later'),
    );
    expect(() => checkServerVersion({ versionNum: 150000, version: '15.0' }, 'x')).not.toThrow();
  });

  describe('on the real test server', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase();
    });
    afterAll(() => db.drop());

    it('reads its version and connection limit, and accepts it', async () => {
      const facts = await inspectServer(db.url);
      const [{ server_version_num: num, max_connections: max }] = await db.dataSource.query(`SELECT current_setting('server_version_num')::int AS server_version_num, current_setting('max_connections')::int AS max_connections`);
      expect(facts.versionNum).toBe(num);
      expect(facts.maxConnections).toBe(max);
      expect(facts.reservedConnections).toBeGreaterThanOrEqual(0);
      expect(facts.versionNum).toBeGreaterThanOrEqual(MIN_POSTGRES_VERSION_NUM);
      expect(() => checkServerVersion(facts, 'test')).not.toThrow();
    });
  });
});

describe('WORKERS and DB_POOL_SIZE against max_connections', () => {
  const server = { maxConnections: 100, reservedConnections: 3 };

  it('counts the workers\' pools, the primary\'s and the job queue\'s connections', () => {
    expect(connectionsNeeded(1, 10)).toBe(14);
    expect(connectionsNeeded(2, 10)).toBe(34);
  });

  it('keeps defaults that fit in half of the available connections', () => {
    expect(planConnections({ workers: 2, poolSize: 10, workersSet: false, poolSizeSet: false }, server)).toEqual({ workers: 2, poolSize: 10, total: 34, available: 97, lowered: [] });
  });

  it('lowers a default WORKERS (a container seeing 64 host cores) to fit, and says so', () => {
    const plan = planConnections({ workers: 64, poolSize: 10, workersSet: false, poolSizeSet: false }, server);
    expect(plan).toMatchObject({ workers: 3, poolSize: 10, lowered: ['WORKERS 64 -> 3'] });
    expect(plan.total).toBeLessThanOrEqual(48);
  });

  it('then a default pool size, keeping a WORKERS that was set', () => {
    const plan = planConnections({ workers: 8, poolSize: 10, workersSet: true, poolSizeSet: false }, server);
    expect(plan).toMatchObject({ workers: 8, poolSize: 4, lowered: ['DB_POOL_SIZE 10 -> 4'] });
    expect(plan.total).toBeLessThanOrEqual(48);
  });

  it('keeps set values that fit in every available connection, and refuses those that do not', () => {
    expect(planConnections({ workers: 4, poolSize: 18, workersSet: true, poolSizeSet: true }, server)).toMatchObject({ workers: 4, poolSize: 18, total: 94, lowered: [] });
    expect(() => planConnections({ workers: 4, poolSize: 19, workersSet: true, poolSizeSet: true }, server)).toThrow(
      /^WORKERS\/DB_POOL_SIZE: 4 workers and the primary × DB_POOL_SIZE 19 \+ 4 for background jobs = 99 connections, more than the 97 PostgreSQL accepts \(max_connections 100 - 3 reserved\)/,
    );
  });
});
