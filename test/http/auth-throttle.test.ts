import http from 'node:http';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from '../support/server';
import { createTestToken } from '../support/tokens';

/**
 * Failed bearer-token attempts are throttled per client address (src/http/auth.ts): after
 * AUTH_FAILURES_PER_ADDRESS failures in the window, requests with an Authorization header from
 * that address get HTTP 429, Retry-After and RATE_LIMITED before any token lookup. Other
 * addresses (127.0.0.2: any 127/8 address reaches the loopback server) and anonymous readers
 * are unaffected. Over WebSocket the same rule closes the connection with 4429.
 */
const VIEWER = `{ viewer { name role } }`;
const BAD = { authorization: 'Bearer enk_' + 'B'.repeat(43) };

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: any;
}

/** POST /graphql from a chosen local address (fetch cannot pick one). */
function post(server: TestServer, headers: Record<string, string>, localAddress = '127.0.0.1'): Promise<Answer> {
  const url = new URL('/graphql', server.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress, headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ query: VIEWER }));
  });
}

/** Opens a graphql-ws connection with a token; resolves with the close code, or 'ack' once accepted. */
function wsConnect(server: TestServer, authorization: string): Promise<number | 'ack'> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization } })));
    socket.on('message', (data) => {
      if (JSON.parse(data.toString()).type === 'connection_ack') {
        socket.close();
        resolve('ack');
      }
    });
    socket.on('close', (code) => resolve(code));
    socket.on('error', reject);
  });
}

/** The request log line of one request, found by the request id the test sent. */
function logLine(server: TestServer, requestId: string): any {
  const line = server.logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'request' && l.requestId === requestId);
  if (!line) throw new Error(`no request log line for ${requestId}`);
  return line;
}

function expect429(answer: Answer, windowSeconds: number) {
  expect(answer.status).toBe(429);
  const retryAfter = Number(answer.headers['retry-after']);
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
  expect(answer.body).toEqual({
    errors: [{ message: expect.stringMatching(/^Too many failed bearer-token attempts from this address: at most \d+ every \d+ seconds\. Try again in \d+ seconds?\.$/), extensions: { code: 'RATE_LIMITED' } }],
  });
  expect(answer.body.errors[0].message).toContain(`Try again in ${retryAfter} second`);
}

describe('failed bearer-token attempts, throttled per client address', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { AUTH_FAILURES_PER_ADDRESS: '3', AUTH_FAILURE_WINDOW_SECONDS: '300' } });
  });
  afterAll(() => server.close());

  it('answers 401 to the first failures, then 429 with Retry-After before looking any token up', async () => {
    const valid = await createTestToken(server.db.dataSource, 'editor', 'throttle-editor');
    expect((await post(server, valid.headers)).body.data.viewer).toEqual({ name: 'throttle-editor', role: 'EDITOR' });
    // Successes do not count: only the three failures below do.
    for (const authorization of [BAD.authorization, 'Basic dXNlcjpwYXNz', 'Bearer not-a-token']) {
      const answer = await post(server, { authorization });
      expect(answer.status).toBe(401);
      expect(answer.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }

    const refusedId = randomUUID();
    expect429(await post(server, { ...BAD, 'x-request-id': refusedId }), 300);
    // Even a valid token is refused from this address now: a guesser is not told when it hits.
    const validId = randomUUID();
    expect429(await post(server, { ...valid.headers, 'x-request-id': validId }), 300);
    // Refused before the lookup: no SQL statement ran for either (a 401 runs the token lookup).
    expect(logLine(server, refusedId)).toMatchObject({ status: 429, sqlStatements: 0, errorCodes: ['RATE_LIMITED'] });
    expect(logLine(server, validId)).toMatchObject({ status: 429, sqlStatements: 0 });

    // Anonymous readers from the same address are served as before.
    const anonymous = await post(server, {});
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.data.viewer).toBeNull();

    // Another address: its valid token works, its failures are its own.
    expect((await post(server, valid.headers, '127.0.0.2')).body.data.viewer).toEqual({ name: 'throttle-editor', role: 'EDITOR' });
    expect((await post(server, BAD, '127.0.0.2')).status).toBe(401);
    expect((await post(server, valid.headers, '127.0.0.2')).status).toBe(200);

    // The WebSocket path applies the same rule: a valid token from the throttled address is closed with 4429.
    expect(await wsConnect(server, valid.headers.authorization)).toBe(4429);
  });

  it('never writes a token into a response or a log line', () => {
    const logs = server.logs.join('\n');
    expect(logs).not.toContain(BAD.authorization.slice('Bearer '.length));
    expect(logs).not.toContain('not-a-token');
  });
});

describe('failed attempts over WebSocket count with those over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { AUTH_FAILURES_PER_ADDRESS: '2', AUTH_FAILURE_WINDOW_SECONDS: '60' } });
  });
  afterAll(() => server.close());

  it('refuses HTTP with 429 after two bad tokens over WebSocket (each closed 4403)', async () => {
    const valid = await createTestToken(server.db.dataSource, 'moderator');
    expect(await wsConnect(server, valid.headers.authorization)).toBe('ack');
    expect(await wsConnect(server, BAD.authorization)).toBe(4403);
    expect(await wsConnect(server, 'Bearer nope')).toBe(4403);
    expect429(await post(server, valid.headers), 60);
    expect(await wsConnect(server, valid.headers.authorization)).toBe(4429);
  });
});
