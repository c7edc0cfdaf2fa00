import { commentRows, insertArticle, postComment, uniqueEmail } from '../support/comments';
import { startTestServer, type TestServer } from '../support/server';
import { createTestDatabase } from '../support/database';
import { deleteRedisKeys, describeWithRedis, REDIS_URL, testRedisPrefix } from '../support/redis';


describe('addComment rate limits (real HTTP, default 5 a minute)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({});
  });
  afterAll(() => server.close());

  it('refuses the 6th comment from one client address within a minute, with a retry time, and stores nothing', async () => {
    const ds = server.db.dataSource;
    const article = await insertArticle(ds);
    for (let i = 0; i < 5; i++) expect((await postComment(server, { articleId: article.globalId, email: uniqueEmail() })).userErrors).toEqual([]);
    const before = await commentRows(ds);
    const refused = await postComment(server, { articleId: article.globalId, email: uniqueEmail() });
    expect(refused.comment).toBeNull();
    expect(refused.userErrors).toHaveLength(1);
    const [error] = refused.userErrors;
    expect(error).toMatchObject({ field: null, code: 'RATE_LIMITED' });
    expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(55);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(error.message).toBe(`Too many comments from this address: at most 5 every 60 seconds. Try again in ${error.retryAfterSeconds} seconds.`);
    expect(await commentRows(ds)).toBe(before);
  });

  it('answers the operation as users send it (userErrors { field message }) with the retry time in the message', async () => {
    const { operation } = await import('../support/operations');
    const article = await insertArticle(server.db.dataSource);
    const res = await server.gql(operation('add-comment'), { input: { articleId: article.globalId, authorName: 'X', email: uniqueEmail(), body: 'again' } });
    expect(res.data.addComment.comment).toBeNull();
    expect(res.data.addComment.userErrors[0].field).toBeNull();
    expect(res.data.addComment.userErrors[0].message).toMatch(/Try again in \d+ seconds\.$/);
  });
});

describe('addComment rate limit per email', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { COMMENT_RATE_PER_ADDRESS: '1000', COMMENT_RATE_PER_EMAIL: '2' } });
  });
  afterAll(() => server.close());

  it('counts one email however it is written, and leaves other emails alone', async () => {
    const ds = server.db.dataSource;
    const article = await insertArticle(ds);
    const email = uniqueEmail();
    expect((await postComment(server, { articleId: article.globalId, email })).userErrors).toEqual([]);
    expect((await postComment(server, { articleId: article.globalId, email: email.toUpperCase() })).userErrors).toEqual([]);
    const before = await commentRows(ds);
    const refused = await postComment(server, { articleId: article.globalId, email: ` ${email} ` });
    expect(refused.userErrors[0]).toMatchObject({ code: 'RATE_LIMITED', field: null });
    expect(refused.userErrors[0].message).toContain('from this email: at most 2 every 60 seconds');
    expect(await commentRows(ds)).toBe(before);
    expect((await postComment(server, { articleId: article.globalId, email: uniqueEmail() })).userErrors).toEqual([]);
  });

  it('does not count input that failed validation', async () => {
    const article = await insertArticle(server.db.dataSource);
    const email = uniqueEmail();
    for (let i = 0; i < 5; i++) expect((await postComment(server, { articleId: article.globalId, email, body: '' })).userErrors[0].code).toBe('INVALID');
    expect((await postComment(server, { articleId: article.globalId, email })).userErrors).toEqual([]);
  });
});

describeWithRedis('addComment rate limits shared through Redis', () => {
  // Keys under a prefix of this test's own (the address key would be shared by every test client: 127.0.0.1).
  const prefix = testRedisPrefix('comments-rate-limit');
  afterAll(() => deleteRedisKeys(REDIS_URL, prefix));

  it('counts comments sent to two instances against one limit', async () => {
    const db = await createTestDatabase();
    const env = { REDIS_URL, REDIS_PREFIX: prefix, COMMENT_RATE_PER_ADDRESS: '4', COMMENT_RATE_PER_EMAIL: '1000' };
    const one = await startTestServer({ db, env });
    const two = await startTestServer({ db, env });
    try {
      const article = await insertArticle(db.dataSource);
      for (const server of [one, two, one, two]) {
        expect((await postComment(server, { articleId: article.globalId })).userErrors).toEqual([]);
      }
      const refusedByOne = await postComment(one, { articleId: article.globalId });
      const refusedByTwo = await postComment(two, { articleId: article.globalId });
      for (const refused of [refusedByOne, refusedByTwo]) {
        expect(refused.userErrors[0]).toMatchObject({ code: 'RATE_LIMITED' });
        expect(refused.userErrors[0].retryAfterSeconds).toBeGreaterThan(0);
      }
      expect(await commentRows(db.dataSource)).toBe(4);
    } finally {
      await one.close();
      await two.close();
      await db.drop();
    }
  });

  it('kept its windows under REDIS_PREFIX, and they are gone once deleted', async () => {
    expect(await deleteRedisKeys(REDIS_URL, `${prefix}rate:comment:address:`)).toBe(1);
    expect(await deleteRedisKeys(REDIS_URL, prefix)).toBeGreaterThan(0);
    expect(await deleteRedisKeys(REDIS_URL, prefix)).toBe(0);
  });
});
