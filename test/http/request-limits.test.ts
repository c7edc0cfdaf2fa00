import http from 'node:http';
import { eventually, lockTable, waitingOnLocks } from '../support/database-activity';
import { startTestServer, type TestServer } from '../support/server';
import { toGlobalId } from '../../src/schema/global-id';

/**
 * Deadlines, statement limits, pool saturation, body and response caps, and errors inside
 * compiled execution, over real HTTP on a real PostgreSQL. A table held under an exclusive
 * lock by another connection makes a statement wait as long as the test wants.
 */

const FRONT_PAGE = `{ articles(first: 3) { edges { node { title } } } }`;

describe('a request deadline', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: true, env: { REQUEST_DEADLINE_MS: '400' } });
  });
  afterAll(() => server.close());

  it('answers DEADLINE_EXCEEDED with 504 at the deadline and cancels the statement in PostgreSQL', async () => {
    const lock = await lockTable(server.db.url, 'article');
    try {
      const res = await server.gql(FRONT_PAGE);
      expect(res.status).toBe(504);
      expect(res.data).toBeNull();
      expect(res.errors).toEqual([expect.objectContaining({ extensions: { code: 'DEADLINE_EXCEEDED', deadlineMs: 400 } })]);
      // Still locked, yet nothing of ours waits any more: the statement was cancelled, not abandoned.
      await eventually(async () => (await waitingOnLocks(server.db.url)) === 0, 'the blocked statement is cancelled');
      const line = server.logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'request' && l.status === 504);
      expect(line).toMatchObject({ errorCodes: ['DEADLINE_EXCEEDED'] });
    } finally {
      await lock.release();
    }
    const after = await server.gql(FRONT_PAGE);
    expect(after.status).toBe(200);
    expect(after.data.articles.edges.length).toBeGreaterThan(0);
  });

  it('cancels the statements of a client that goes away', async () => {
    const lock = await lockTable(server.db.url, 'article');
    try {
      const gone = new AbortController();
      const request = fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: FRONT_PAGE }),
        signal: gone.signal,
      }).then(() => null, (e: Error) => e.name);
      await eventually(async () => (await waitingOnLocks(server.db.url)) === 1, 'the statement waits on the lock');
      gone.abort();
      expect(await request).toBe('AbortError');
      await eventually(async () => (await waitingOnLocks(server.db.url)) === 0, 'the statement of the departed client is cancelled');
      await eventually(async () => server.logs.some((l) => JSON.parse(l).status === 'client-gone'), 'the request is logged as client-gone');
    } finally {
      await lock.release();
    }
    expect((await server.gql(FRONT_PAGE)).status).toBe(200);
  });
});

describe('statement limits on every connection', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: true, env: { STATEMENT_TIMEOUT_MS: '300', IDLE_IN_TRANSACTION_TIMEOUT_MS: '7000', REQUEST_DEADLINE_MS: '10000' } });
  });
  afterAll(() => server.close());

  it('sets statement_timeout, idle_in_transaction_session_timeout and jit on the serving pool', async () => {
    const [row] = await server.db.dataSource.query(
      `SELECT current_setting('statement_timeout') AS statement, current_setting('idle_in_transaction_session_timeout') AS idle, current_setting('jit') AS jit`,
    );
    expect(row).toEqual({ statement: '300ms', idle: '7s', jit: 'off' });
  });

  it('answers a statement PostgreSQL stopped at its timeout as DEADLINE_EXCEEDED at its path, logged as a database failure', async () => {
    const lock = await lockTable(server.db.url, 'article');
    try {
      const res = await server.gql(FRONT_PAGE, undefined, { 'x-request-id': 'slow-statement-1' });
      expect(res.errors).toEqual([expect.objectContaining({ path: ['articles'], extensions: { code: 'DEADLINE_EXCEEDED' } })]);
      expect(res.status).toBe(504);
      expect(res.text).not.toMatch(/statement timeout|canceling|127\.0\.0\.1/);
      const logged = server.logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'database failure' && l.requestId === 'slow-statement-1');
      expect(logged).toMatchObject({ failure: 'statement-timeout', path: ['articles'] });
    } finally {
      await lock.release();
    }
  });
});

describe('a saturated pool', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: true, poolSize: 2, env: { DB_ACQUIRE_TIMEOUT_MS: '200', REQUEST_DEADLINE_MS: '20000', STATEMENT_TIMEOUT_MS: '20000' } });
  });
  afterAll(() => server.close());

  it('answers 503 with Retry-After, and /ready tells saturation apart from unreachability without addresses', async () => {
    const lock = await lockTable(server.db.url, 'article');
    let blocked: Promise<unknown>[] = [];
    try {
      blocked = [server.gql(FRONT_PAGE), server.gql(FRONT_PAGE)];
      await eventually(async () => (await waitingOnLocks(server.db.url)) === 2, 'both pooled connections wait on the lock');
      const res = await server.gql(FRONT_PAGE);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('1');
      expect(res.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');

      const ready = await fetch(`${server.url}/ready`);
      expect(ready.status).toBe(503);
      expect(ready.headers.get('retry-after')).toBe('1');
      const body = await ready.text();
      expect(JSON.parse(body)).toEqual({ status: 'saturated', reason: 'every database connection is busy' });
      expect(body).not.toMatch(/127\.0\.0\.1|localhost|:\d{4}/);
    } finally {
      await lock.release();
      await Promise.all(blocked);
    }
    expect((await fetch(`${server.url}/ready`)).status).toBe(200);
    expect((await server.gql(FRONT_PAGE)).status).toBe(200);
  });
});

describe('errors inside compiled execution', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: true });
  });
  afterAll(() => server.close());

  it('are masked, located at their path and logged with the request id, as graphql-js does', async () => {
    // By id, each part from its own loader (a list of articles reads their sources in its own statement).
    const query = `query SourceNames($ids: [ID!]!) { nodes(ids: $ids) { ... on Article { title source { name } } } }`;
    const [{ id }] = await server.db.dataSource.query(`SELECT id FROM article WHERE source_id IS NOT NULL LIMIT 1`);
    const variables = { ids: [toGlobalId('Article', id), toGlobalId('Article', id)] };
    const before = server.app.execution.compiled;
    for (let i = 0; i < 3; i++) expect((await server.gql(query, variables)).errors).toBeUndefined();
    expect(server.app.execution.compiled).toBe(before + 1);

    await server.db.dataSource.query(`ALTER TABLE source RENAME TO source_gone`);
    try {
      const interpretedBefore = server.app.execution.interpreted;
      const res = await server.gql(query, variables, { 'x-request-id': 'compiled-failure-1' });
      expect(server.app.execution.interpreted).toBe(interpretedBefore);
      expect(res.status).toBe(200);
      expect(res.data.nodes[0].title).toEqual(expect.any(String));
      expect(res.errors!.length).toBeGreaterThan(0);
      for (const error of res.errors!) {
        expect(error).toEqual({
          message: 'Internal server error',
          path: ['nodes', expect.any(Number), 'source'],
          locations: [expect.objectContaining({ line: 1 })],
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        });
      }
      expect(res.text).not.toMatch(/source_gone|relation|stack/);
      const lines = server.logs.map((l) => JSON.parse(l));
      const logged = lines.filter((l) => l.msg === 'unexpected error' && l.requestId === 'compiled-failure-1');
      expect(logged.length).toBe(res.errors!.length);
      expect(logged[0]).toMatchObject({ level: 50, path: ['nodes', expect.any(Number), 'source'], err: { message: expect.stringMatching(/relation "source" does not exist/) } });
      const requestLine = lines.find((l) => l.msg === 'request' && l.requestId === 'compiled-failure-1');
      expect(requestLine).toMatchObject({ status: 200, errorCodes: res.errors!.map(() => 'INTERNAL_SERVER_ERROR') });
    } finally {
      await server.db.dataSource.query(`ALTER TABLE source_gone RENAME TO source`);
    }
  });
});

describe('size limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: true, env: { MAX_RESPONSE_BYTES: '2000' } });
  });
  afterAll(() => server.close());

  /** A POST with a body of `bytes`, sent with a length or chunked, read as a client would. */
  function post(bytes: number, chunked: boolean): Promise<{ status: number; body: string; connection?: string }> {
    const url = new URL(`${server.url}/graphql`);
    return new Promise((resolve, reject) => {
      const req = http.request({
        host: url.hostname, port: url.port, path: '/graphql', method: 'POST',
        headers: { 'content-type': 'application/json', ...(chunked ? {} : { 'content-length': String(bytes) }) },
      });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode!, body, connection: res.headers.connection }));
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let sent = 0;
      const write = () => {
        while (sent < bytes) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', write);
        }
        req.end();
      };
      write();
    });
  }

  it.each([
    ['with a content-length', false],
    ['chunked', true],
  ])('answers a body over 1 MB %s with a JSON 413, logged, not a reset', async (_how, chunked) => {
    const res = await post(2_000_000, chunked);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect(res.connection).toBe('close');
    await eventually(async () => server.logs.some((l) => JSON.parse(l).status === 413), 'the 413 is logged');
  });

  it('replaces a response over MAX_RESPONSE_BYTES by RESPONSE_TOO_LARGE', async () => {
    const res = await server.gql(`{ articles(first: 50) { edges { node { title body } } } }`);
    expect(res.status).toBe(400);
    expect(res.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'RESPONSE_TOO_LARGE', limit: 2000 }) })]);
    expect((await server.gql(`{ articles(first: 1) { edges { node { title } } } }`)).status).toBe(200);
  });
});

describe('draining at shutdown', () => {
  it('answers every request sent on a kept-alive socket during the drain with Connection: close, and resets none', async () => {
    const server = await startTestServer({ seed: true });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 20 });
    const url = new URL(`${server.url}/graphql`);
    const body = JSON.stringify({ query: FRONT_PAGE });
    const outcomes: string[] = [];
    let draining = false;
    const send = () =>
      new Promise<string>((resolve) => {
        const req = http.request({ agent, host: url.hostname, port: url.port, path: '/graphql', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } });
        req.on('response', (res) => {
          res.resume();
          res.on('end', () => resolve(`${res.statusCode}${draining && res.headers.connection === 'close' ? ' close' : ''}`));
        });
        req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
        req.end(body);
      });
    // 20 clients, each sending its next request as soon as the last is answered, until refused.
    const clients = Array.from({ length: 20 }, async () => {
      for (let i = 0; i < 400; i++) {
        const outcome = await send();
        outcomes.push(outcome);
        if (outcome === 'ECONNREFUSED') return;
      }
    });
    try {
      await eventually(async () => outcomes.length >= 100, 'traffic flows');
      draining = true;
      await server.app.close();
      await Promise.all(clients);
    } finally {
      agent.destroy();
      await server.db.drop();
    }
    const counts = outcomes.reduce<Record<string, number>>((all, o) => ({ ...all, [o]: (all[o] ?? 0) + 1 }), {});
    // Answered before the drain (200), answered during it and told to reconnect (200 close), or refused a new connection.
    expect(Object.keys(counts).sort()).toEqual(['200', '200 close', 'ECONNREFUSED']);
    expect(counts.ECONNREFUSED).toBe(20);
  });
});
