import Redis from 'ioredis';
import { emailRateKey } from '../../src/services/comments/hashes';
import { insertArticle, MODERATE_COMMENT, postComment, uniqueEmail } from '../support/comments';
import { describeWithRedisServer, startOwnRedis, type OwnRedis } from '../support/redis-server';
import { startTestServer, type TestServer } from '../support/server';
import { createTestToken } from '../support/tokens';

/**
 * addComment over real HTTP while the service's Redis (a redis-server of this file's own, so
 * the machine's Redis and other tests are untouched) is frozen or killed. The documented rule
 * (README, REDIS_TIMEOUT_MS): rate limits fail open to the instance's own limits, which still
 * refuse; once Redis answers again they are shared again. No assertion on speed: every request
 * must simply answer, well within jest's timeout (a frozen Redis used to hold one for 40 s+).
 */
describeWithRedisServer('addComment while Redis is frozen or down', () => {
  let redis: OwnRedis;
  let server: TestServer;
  let raw: Redis;
  let articleId: string;
  const emails: string[] = [];
  const email = () => {
    const e = uniqueEmail('outage');
    emails.push(e);
    return e;
  };
  /** The per-email window as Redis holds it (the service's own key prefix: this Redis is ours alone). */
  const countInRedis = (address: string) => raw.get(`entity-news:rate:${emailRateKey(address)}`);

  beforeAll(async () => {
    redis = await startOwnRedis();
    raw = new Redis(redis.url);
    raw.on('error', () => {});
    server = await startTestServer({ env: { REDIS_URL: redis.url, COMMENT_RATE_PER_ADDRESS: '1000', COMMENT_RATE_PER_EMAIL: '2' } });
    articleId = (await insertArticle(server.db.dataSource)).globalId;
  });
  afterEach(() => redis.thaw());
  afterAll(async () => {
    await server.close();
    raw.disconnect();
    await redis.stop();
  });

  /** Posts with fresh emails until a comment's hit is counted in Redis again: the limiter recovered. */
  async function untilSharedAgain(): Promise<void> {
    for (let i = 0; i < 100; i++) {
      const address = email();
      expect((await postComment(server, { articleId, email: address })).userErrors).toEqual([]);
      if ((await countInRedis(address).catch(() => null)) === '1') return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('rate limits never went back to Redis');
  }

  it('counts in Redis while it answers', async () => {
    const address = email();
    expect((await postComment(server, { articleId, email: address })).userErrors).toEqual([]);
    expect(await countInRedis(address)).toBe('1');
  });

  it.each([
    ['frozen (SIGSTOP)', async () => redis.freeze(), async () => redis.thaw()],
    ['killed', () => redis.kill(), () => redis.restart()],
  ])('answers while Redis is %s: comments are taken, limits still refuse, and limits are shared again afterwards', async (_how, breakIt, repair) => {
    await breakIt();
    const address = email();
    const first = await postComment(server, { articleId, email: address });
    expect(first.userErrors).toEqual([]);
    expect(first.comment).toMatchObject({ status: 'PENDING' });
    expect((await postComment(server, { articleId, email: address })).userErrors).toEqual([]);
    // The instance's own limiter holds the limit while Redis cannot: the third is refused.
    const refused = await postComment(server, { articleId, email: address });
    expect(refused.comment).toBeNull();
    expect(refused.userErrors).toEqual([expect.objectContaining({ code: 'RATE_LIMITED', field: null })]);
    expect(refused.userErrors[0].retryAfterSeconds).toBeGreaterThanOrEqual(1);
    // The outage is logged, as a warning that names what happened.
    expect(server.logs.filter((l) => l.includes('rate limits: Redis cannot answer'))).not.toHaveLength(0);

    // A moderator approving (which publishes a live event through Redis) is answered too.
    const mod = (await createTestToken(server.db.dataSource, 'moderator')).headers;
    const approved = await server.gql(MODERATE_COMMENT, { id: first.comment!.id, action: 'APPROVE' }, mod);
    expect(approved.errors).toBeUndefined();
    expect(approved.data.moderateComment.comment).toMatchObject({ status: 'APPROVED' });

    await repair();
    await untilSharedAgain();
    expect(server.logs.some((l) => l.includes('limits are shared again'))).toBe(true);
  });

  it('never writes a commenter\'s email into a log line', () => {
    expect(emails.length).toBeGreaterThan(0);
    const logs = server.logs.join('\n').toLowerCase();
    for (const address of emails) expect(logs).not.toContain(address.toLowerCase());
  });
});
