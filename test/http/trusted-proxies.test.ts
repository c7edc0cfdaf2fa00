import type { IncomingMessage } from 'node:http';
import { clientAddressOf } from '../../src/http/client-address';
import { loadConfig } from '../../src/config';
import { insertArticle, postComment, uniqueEmail } from '../support/comments';
import { startTestServer, type TestServer } from '../support/server';

/**
 * Issue 22: behind a load balancer every request comes from the proxy. TRUSTED_PROXIES names
 * the proxies whose Forwarded / X-Forwarded-For is believed: comment rate limits and token
 * throttling then count the real client; from anyone else the headers change nothing.
 */

const request = (remoteAddress: string, headers: Record<string, string> = {}) => ({ socket: { remoteAddress }, headers }) as unknown as IncomingMessage;

describe('the client address', () => {
  const trusted = loadConfig({ TRUSTED_PROXIES: '127.0.0.1, 10.0.0.0/8, fd00::/8' }).trustedProxies;

  it.each([
    ['an untrusted peer: its headers are ignored', request('198.51.100.9', { 'x-forwarded-for': '203.0.113.1' }), '198.51.100.9'],
    ['a trusted proxy with no header is the client', request('10.1.2.3'), '10.1.2.3'],
    ['X-Forwarded-For through two trusted proxies', request('127.0.0.1', { 'x-forwarded-for': '203.0.113.1, 10.0.0.7' }), '203.0.113.1'],
    ['a spoofed leftmost entry is not believed: the first hop no trusted proxy vouches for is the client', request('127.0.0.1', { 'x-forwarded-for': '1.1.1.1, 198.51.100.4, 10.0.0.7' }), '198.51.100.4'],
    ['Forwarded takes precedence, with quotes, ports and IPv6 brackets', request('::ffff:127.0.0.1', { forwarded: 'for="[2001:db8::17]:4711";proto=https, for=10.0.0.7', 'x-forwarded-for': '203.0.113.1' }), '2001:db8::17'],
    ['an IPv4 hop with a port', request('10.0.0.1', { forwarded: 'for="203.0.113.60:47011"' }), '203.0.113.60'],
    ['an IPv6 trusted proxy', request('fd00::2', { 'x-forwarded-for': '203.0.113.2' }), '203.0.113.2'],
    ['a hop that is no address stops the walk at the proxy that wrote it', request('127.0.0.1', { 'x-forwarded-for': 'garbage, 10.0.0.7' }), '10.0.0.7'],
    ['IPv4-mapped peers are plain IPv4', request('::ffff:198.51.100.9'), '198.51.100.9'],
  ])('%s', (_name, req, expected) => {
    expect(clientAddressOf(req, trusted)).toBe(expected);
  });

  it('is refused at start-up when TRUSTED_PROXIES holds something that is no address or CIDR', () => {
    expect(() => loadConfig({ TRUSTED_PROXIES: '10.0.0.0/8, proxy.example.org' })).toThrow('TRUSTED_PROXIES: expected IP addresses or CIDRs separated by commas, got "proxy.example.org"');
    expect(() => loadConfig({ TRUSTED_PROXIES: '10.0.0.0/33' })).toThrow('TRUSTED_PROXIES');
    expect(loadConfig({}).trustedProxies).toEqual([]);
  });
});

describe.each([
  ['behind a trusted proxy (TRUSTED_PROXIES=127.0.0.1)', true],
  ['with no trusted proxy, spoofed headers', false],
])('rate limits and token throttling %s', (_name, behindProxy) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      env: { COMMENT_RATE_PER_ADDRESS: '2', COMMENT_RATE_PER_EMAIL: '100', AUTH_FAILURES_PER_ADDRESS: '2', ...(behindProxy && { TRUSTED_PROXIES: '127.0.0.1' }) },
    });
  });
  afterAll(() => server.close());

  it(behindProxy ? 'count each forwarded client on its own' : 'count the peer, whatever the headers say', async () => {
    const article = await insertArticle(server.db.dataSource);
    const from = (address: string, header: 'x-forwarded-for' | 'forwarded' = 'x-forwarded-for') => ({ [header]: header === 'forwarded' ? `for=${address}` : address });
    const post = async (headers: Record<string, string>) => (await postComment(server, { articleId: article.globalId, email: uniqueEmail() }, headers)).userErrors.map((e) => e.code);
    expect(await post(from('203.0.113.1'))).toEqual([]);
    expect(await post(from('203.0.113.1', 'forwarded'))).toEqual([]);
    // A third comment: the same reader is refused; behind the proxy another reader is not.
    expect(await post(from('203.0.113.1'))).toEqual(['RATE_LIMITED']);
    expect(await post(from('203.0.113.2'))).toEqual(behindProxy ? [] : ['RATE_LIMITED']);

    const badToken = async (address: string) => (await server.gql('{ articles(first: 1) { totalCount } }', undefined, { authorization: 'Bearer wrong', ...from(address) })).status;
    expect([await badToken('198.51.100.1'), await badToken('198.51.100.1'), await badToken('198.51.100.1')]).toEqual([401, 401, 429]);
    expect(await badToken('198.51.100.2')).toBe(behindProxy ? 401 : 429);
  });
});
