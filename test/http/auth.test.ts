import { createHash } from 'node:crypto';
import { revokeApiToken } from '../../src/services/auth/tokens';
import { commentRows, insertArticle, uniqueEmail, ADD_COMMENT } from '../support/comments';
import { startTestServer, type TestServer } from '../support/server';
import { createTestToken } from '../support/tokens';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { COMMENT_RATE_PER_ADDRESS: '1000' } });
});
afterAll(() => server.close());

const ds = () => server.db.dataSource;
const VIEWER = `{ viewer { name role } }`;

async function expect401(headers: Record<string, string>) {
  const res = await server.gql(VIEWER, {}, headers);
  expect(res.status).toBe(401);
  expect(res.headers.get('www-authenticate')).toBe('Bearer');
  expect(res.data).toBeUndefined();
  expect(res.errors).toEqual([{ message: expect.stringMatching(/^Authorization: /), extensions: { code: 'UNAUTHENTICATED' } }]);
  return res;
}

describe('bearer authentication over HTTP', () => {
  it('serves a request without Authorization as an anonymous reader', async () => {
    const res = await server.gql(VIEWER);
    expect(res.status).toBe(200);
    expect(res.data.viewer).toBeNull();
  });

  it('knows an active token: name and role', async () => {
    const { headers } = await createTestToken(ds(), 'editor', 'eddie');
    expect((await server.gql(VIEWER, {}, headers)).data.viewer).toEqual({ name: 'eddie', role: 'EDITOR' });
    // The scheme is case-insensitive, as HTTP says.
    expect((await server.gql(VIEWER, {}, { authorization: headers.authorization.replace('Bearer', 'bearer') })).data.viewer).toEqual({ name: 'eddie', role: 'EDITOR' });
  });

  it.each([
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['a bare token without the scheme', 'enk_' + 'a'.repeat(43)],
    ['a malformed token', 'Bearer not-a-token'],
    ['a well-formed token nobody holds', 'Bearer enk_' + 'A'.repeat(43)],
    ['"Bearer" alone', 'Bearer'],
  ])('answers HTTP 401 before execution for %s', async (_what, authorization) => {
    await expect401({ authorization });
  });

  it('stops answering to a token once it is revoked', async () => {
    const { headers, name } = await createTestToken(ds(), 'moderator');
    expect((await server.gql(VIEWER, {}, headers)).data.viewer.name).toBe(name);
    expect(await revokeApiToken(ds(), name)).toMatchObject({ name, role: 'moderator' });
    await expect401(headers);
    // Revoking frees the name for a new token.
    const again = await createTestToken(ds(), 'admin', name);
    expect((await server.gql(VIEWER, {}, again.headers)).data.viewer).toEqual({ name, role: 'ADMIN' });
  });

  it('never executes a request whose token is bad: a mutation writes nothing', async () => {
    const article = await insertArticle(ds());
    const before = await commentRows(ds());
    const input = { articleId: article.globalId, authorName: 'X', email: uniqueEmail(), body: 'should not land' };
    const res = await server.gql(ADD_COMMENT, { input }, { authorization: 'Bearer enk_' + 'B'.repeat(43) });
    expect(res.status).toBe(401);
    expect(await commentRows(ds())).toBe(before);
    // The same request with no token at all is served.
    expect((await server.gql(ADD_COMMENT, { input })).data.addComment.userErrors).toEqual([]);
    expect(await commentRows(ds())).toBe(before + 1);
  });

  it('stores only the sha256 of a token', async () => {
    const { token, name } = await createTestToken(ds(), 'admin');
    const [row] = await ds().query(`SELECT * FROM api_token WHERE name = $1 AND revoked_at IS NULL`, [name]);
    expect(row.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(token).toMatch(/^enk_[A-Za-z0-9_-]{43}$/);
  });

  it('keeps one active token per name', async () => {
    await createTestToken(ds(), 'editor', 'only-one');
    await expect(createTestToken(ds(), 'editor', 'only-one')).rejects.toThrow('an active token named "only-one" already exists');
  });
});
