import { createTestDatabase } from '../support/database';
import { startTestServer, type TestServer } from '../support/server';

describe('health and readiness', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('GET /health answers 200 while the process is alive', async () => {
    const res = await fetch(`${server.url}/health`);
    expect(res.status).toBe(200);
    expect((await res.json()) as any).toEqual({ status: 'ok' });
  });

  it('GET /ready answers 200 when the database answers and migrations are applied', async () => {
    const res = await fetch(`${server.url}/ready`);
    expect(res.status).toBe(200);
    expect((await res.json()) as any).toEqual({ status: 'ready' });
  });

  it('logs one line per request with its id and duration', async () => {
    const res = await fetch(`${server.url}/health`, { headers: { 'x-request-id': 'health-check-42' } });
    expect(res.headers.get('x-request-id')).toBe('health-check-42');
    const line = server.logs.map((l) => JSON.parse(l)).find((l) => l.requestId === 'health-check-42');
    expect(line).toMatchObject({ method: 'GET', path: '/health', status: 200 });
    expect(typeof line.durationMs).toBe('number');
  });

  it('answers unknown paths with 404 and a JSON error', async () => {
    const res = await fetch(`${server.url}/nope`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('NOT_FOUND');
  });
});

describe('readiness without migrations', () => {
  it('GET /ready answers 503 naming the migrations not applied', async () => {
    const db = await createTestDatabase({ migrate: false });
    const server = await startTestServer({ db });
    try {
      const res = await fetch(`${server.url}/ready`);
      expect(res.status).toBe(503);
      const body = (await res.json()) as any;
      expect(body.status).toBe('unavailable');
      expect(body.reason).toMatch(/^migrations not applied \(\d+ pending\)$/);
      expect(server.logs.some((l) => l.includes('InitialSchema') && l.includes('not ready'))).toBe(true);
    } finally {
      await server.close();
      await db.drop();
    }
  });

  it('GET /ready answers 503 when the database is gone', async () => {
    const db = await createTestDatabase();
    const server = await startTestServer({ db });
    try {
      await db.dataSource.destroy();
      const res = await fetch(`${server.url}/ready`);
      expect(res.status).toBe(503);
      const body = (await res.json()) as any;
      expect(body).toEqual({ status: 'unavailable', reason: 'database unreachable' });
    } finally {
      await server.close();
      await db.drop();
    }
  });
});
