import { startTestServer, type TestServer } from '../support/server';

/** Issue 13: a wrong method is answered 405 METHOD_NOT_ALLOWED, with Allow, wherever it is sent (Apollo's own 405s included). */
describe('wrong HTTP methods', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const send = async (method: string, path: string, headers: Record<string, string> = {}, body?: string) => {
    const res = await fetch(`${server.url}${path}`, { method, headers, body });
    const text = await res.text();
    return { status: res.status, allow: res.headers.get('allow'), code: method === 'HEAD' ? null : JSON.parse(text).errors[0].extensions.code };
  };
  const query = JSON.stringify({ query: '{ articles(first: 1) { totalCount } }' });
  const mutation = encodeURIComponent('mutation { addComment(input: { articleId: "x", authorName: "a", email: "a@b.cd", body: "x" }) { userErrors { field } } }');

  it.each([
    ['PUT', '/graphql', 'GET, POST'],
    ['DELETE', '/graphql', 'GET, POST'],
    ['PATCH', '/graphql/', 'GET, POST'],
    ['POST', '/health', 'GET, HEAD'],
    ['DELETE', '/export/network.graphml', 'GET, HEAD'],
  ])('%s %s', async (method, path, allow) => {
    expect(await send(method, path, { 'content-type': 'application/json' }, query)).toEqual({ status: 405, allow, code: 'METHOD_NOT_ALLOWED' });
  });

  it('a mutation sent by GET (Apollo refuses it) is said the same way', async () => {
    const res = await send('GET', `/graphql?query=${mutation}`, { 'apollo-require-preflight': 'true' });
    expect(res).toEqual({ status: 405, allow: 'POST', code: 'METHOD_NOT_ALLOWED' });
    const logged = server.logs.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request' && l.status === 405);
    expect(logged.at(-1)).toMatchObject({ errorCodes: ['METHOD_NOT_ALLOWED'] });
  });

  it('GET and POST still answer', async () => {
    expect((await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: query })).status).toBe(200);
    expect((await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ articles(first: 1) { totalCount } }')}`, { headers: { 'apollo-require-preflight': 'true' } })).status).toBe(200);
  });
});
