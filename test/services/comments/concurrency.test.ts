import pino from 'pino';
import { loadConfig } from '../../../src/config';
import { createApiToken } from '../../../src/services/auth/tokens';
import { addComment } from '../../../src/services/comments/add-comment';
import { moderateComment } from '../../../src/services/comments/moderate-comment';
import { createCommentRuntime } from '../../../src/services/comments/runtime';
import { commentRows, insertArticle, uniqueEmail } from '../../support/comments';
import { createTestDatabase, type TestDatabase } from '../../support/database';

/**
 * Service level, so the submissions really interleave at every database round trip (over
 * HTTP, request parsing spaces them out and hides races).
 */
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 10 });
});
afterAll(() => db.drop());

it('stores one of several identical submissions sent at once; the others are DUPLICATE', async () => {
  const runtime = createCommentRuntime({ redisUrl: null });
  const config = { ...loadConfig({ COMMENT_RATE_PER_ADDRESS: '1000', COMMENT_RATE_PER_EMAIL: '1000' }) };
  const deps = { db: db.dataSource, config, runtime, logger: pino({ level: 'silent' }) };
  const article = await insertArticle(db.dataSource);
  const input = { articleId: article.globalId, authorName: 'Twin', email: uniqueEmail(), body: 'Sent ten times at once' };
  const before = await commentRows(db.dataSource);
  // Open every pool connection first: otherwise connecting staggers the transactions.
  await Promise.all(Array.from({ length: 10 }, () => db.dataSource.query('SELECT pg_sleep(0.05)')));
  const results = await Promise.all(Array.from({ length: 10 }, () => addComment(deps, input, '127.0.0.1')));
  expect(results.filter((r) => r.comment)).toHaveLength(1);
  expect(results.filter((r) => r.userErrors[0]?.code === 'DUPLICATE')).toHaveLength(9);
  expect(await commentRows(db.dataSource)).toBe(before + 1);
  await runtime.close();
});

it('lets exactly one of several simultaneous approvals act, counting the comment once', async () => {
  const runtime = createCommentRuntime({ redisUrl: null });
  const logger = pino({ level: 'silent' });
  const config = loadConfig({ COMMENT_RATE_PER_ADDRESS: '1000', COMMENT_RATE_PER_EMAIL: '1000' });
  const article = await insertArticle(db.dataSource);
  const { comment } = await addComment({ db: db.dataSource, config, runtime, logger }, { articleId: article.globalId, authorName: 'A', email: uniqueEmail(), body: 'approve me' }, '127.0.0.1');
  const token = await createApiToken(db.dataSource, `mod-${comment!.id}`, 'moderator');
  const actor = { tokenId: token.id, name: token.name, role: token.role };
  await Promise.all(Array.from({ length: 10 }, () => db.dataSource.query('SELECT pg_sleep(0.05)')));
  const results = await Promise.all(
    Array.from({ length: 10 }, () => moderateComment({ db: db.dataSource, runtime, logger }, actor, comment!.id, 'id', 'approve', null)),
  );
  expect(results.filter((r) => r.comment)).toHaveLength(1);
  expect(results.filter((r) => r.userErrors[0]?.code === 'CONFLICT')).toHaveLength(9);
  const [row] = await db.dataSource.query(`SELECT comment_count FROM article WHERE id = $1`, [article.id]);
  expect(row.comment_count).toBe(1);
  const [log] = await db.dataSource.query(`SELECT count(*)::int AS n FROM moderation_log WHERE comment_id = $1`, [comment!.id]);
  expect(log.n).toBe(1);
  await runtime.close();
});
