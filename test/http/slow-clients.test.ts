import net from 'node:net';
import { startTestServer, type TestServer } from '../support/server';

/**
 * Issue 13: clients that send their headers or body a byte at a time are answered 408 in JSON
 * and closed once HTTP_HEADERS_TIMEOUT_MS / HTTP_REQUEST_TIMEOUT_MS pass, instead of holding a
 * socket for Node's defaults (a minute, five); the service answers others meanwhile.
 */

interface Dripped {
  answer: string;
  closedAfterMs: number;
  bytesSent: number;
}

/** Sends `head` at once, then `drip` a byte every 100 ms (forever if it runs out), until the server closes the socket. */
function drip(url: string, head: string, drip: string): Promise<Dripped> {
  const { hostname, port } = new URL(url);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    socket.on('connect', () => {
      socket.write(head);
      timer = setInterval(() => {
        if (socket.writable) socket.write(drip[sent++ % drip.length]);
      }, 100);
    });
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => {}); // a write racing the close: the answer read so far is what counts
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ answer: Buffer.concat(chunks).toString('utf8'), closedAfterMs: Date.now() - started, bytesSent: sent });
    });
    setTimeout(() => reject(new Error('the server never closed the slow connection')), 10_000).unref();
  });
}

describe('slow-drip clients', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { HTTP_HEADERS_TIMEOUT_MS: '600', HTTP_REQUEST_TIMEOUT_MS: '1200' } });
  });
  afterAll(() => server.close());

  const expect408 = (dripped: Dripped, limitMs: number) => {
    expect(dripped.answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(dripped.answer).toMatch(/\r\nconnection: close\r\n/i);
    const body = JSON.parse(dripped.answer.split('\r\n\r\n')[1]);
    expect(body.errors[0].extensions.code).toBe('REQUEST_TIMEOUT');
    expect(dripped.closedAfterMs).toBeGreaterThanOrEqual(limitMs);
    expect(dripped.closedAfterMs).toBeLessThan(limitMs + 1500);
  };

  it('headers sent a byte at a time: 408 once the headers timeout passes, connection closed', async () => {
    const healthy = fetch(`${server.url}/health`).then((r) => r.status);
    const dripped = await drip(server.url, 'POST /graphql HTTP/1.1\r\nHost: x\r\n', 'x-slow: aaaaaaaaaaaaaaaaaaaaaaaa');
    expect408(dripped, 600);
    expect(await healthy).toBe(200);
    expect(server.logs.map((l) => JSON.parse(l))).toContainEqual(expect.objectContaining({ msg: 'client error', status: 408 }));
  });

  it('a body sent a byte at a time: 408 once the request timeout passes, connection closed', async () => {
    const body = JSON.stringify({ query: '{ articles(first: 1) { totalCount } }' });
    const head = `POST /graphql HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\ncontent-length: ${body.length + 1000}\r\n\r\n`;
    const dripped = await drip(server.url, head, body);
    expect408(dripped, 1200);
  });

  it('answers normally afterwards', async () => {
    const res = await server.gql('{ articles(first: 1) { totalCount } }');
    expect(res.status).toBe(200);
  });
});
