import { decodeGlobalId } from '../../src/schema/global-id';
import { insertArticle, MODERATE_COMMENT, postComment, storedCommentCount } from '../support/comments';
import { startTestServer, type TestServer } from '../support/server';
import { createTestToken } from '../support/tokens';

const QUEUE = `query ($first: Int, $after: String, $status: CommentStatus) {
  moderationQueue(first: $first, after: $after, status: $status) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id body status article { id } } }
  }
}`;
const LOG = `query ($first: Int, $after: String) {
  moderationLog(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id action reason fromStatus toStatus actor createdAt comment { id status } } }
  }
}`;

let server: TestServer;
let moderator: { name: string; headers: Record<string, string> };
let admin: { name: string; headers: Record<string, string> };
let editor: { name: string; headers: Record<string, string> };

beforeAll(async () => {
  server = await startTestServer({ env: { COMMENT_RATE_PER_ADDRESS: '10000', COMMENT_RATE_PER_EMAIL: '10000' } });
  moderator = await createTestToken(server.db.dataSource, 'moderator', 'mod-mia');
  admin = await createTestToken(server.db.dataSource, 'admin', 'admin-ali');
  editor = await createTestToken(server.db.dataSource, 'editor', 'editor-eve');
});
afterAll(() => server.close());

const ds = () => server.db.dataSource;
const moderate = (id: string, action: string, headers: Record<string, string>, reason?: string) =>
  server.gql(MODERATE_COMMENT, { id, action, reason }, headers);

async function approvedRows(articleId: number): Promise<number> {
  const [row] = await ds().query(`SELECT count(*)::int AS n FROM comment WHERE article_id = $1 AND status = 'approved'`, [articleId]);
  return row.n;
}

describe('roles', () => {
  it('answers UNAUTHENTICATED without a token and FORBIDDEN for the wrong role, touching nothing', async () => {
    const article = await insertArticle(ds());
    const { comment } = await postComment(server, { articleId: article.globalId });
    const anonymous = await moderate(comment!.id, 'APPROVE', {});
    expect(anonymous.status).toBe(200);
    expect(anonymous.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect(anonymous.errors![0].message).toBe('moderateComment needs a bearer API token with the role MODERATOR or ADMIN');
    const asEditor = await moderate(comment!.id, 'APPROVE', editor.headers);
    expect(asEditor.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(asEditor.errors![0].message).toContain('the token "editor-eve" has EDITOR');

    for (const [headers, code] of [[{}, 'UNAUTHENTICATED'], [editor.headers, 'FORBIDDEN']] as const) {
      expect((await server.gql(QUEUE, {}, headers)).errors![0].extensions!.code).toBe(code);
      expect((await server.gql(LOG, {}, headers)).errors![0].extensions!.code).toBe(code);
    }
    expect((await server.gql(LOG, {}, moderator.headers)).errors![0].extensions!.code).toBe('FORBIDDEN');
    const [row] = await ds().query(`SELECT status FROM comment WHERE id = $1`, [decodeGlobalId(comment!.id)!.id]);
    expect(row.status).toBe('pending');
    expect((await ds().query(`SELECT count(*)::int AS n FROM moderation_log`))[0].n).toBe(0);
  });

  it('tells a token who it is through viewer; anonymous readers get null', async () => {
    expect((await server.gql(`{ viewer { name role } }`)).data.viewer).toBeNull();
    expect((await server.gql(`{ viewer { name role } }`, {}, moderator.headers)).data.viewer).toEqual({ name: 'mod-mia', role: 'MODERATOR' });
    expect((await server.gql(`{ viewer { name role } }`, {}, admin.headers)).data.viewer).toEqual({ name: 'admin-ali', role: 'ADMIN' });
  });
});

describe('moderateComment', () => {
  it('moves a comment through the states, keeping commentCount equal to the approved rows', async () => {
    const article = await insertArticle(ds());
    const { comment } = await postComment(server, { articleId: article.globalId, body: 'to be moderated' });
    const id = comment!.id;
    const steps: [string, string, Record<string, string>, number][] = [
      ['APPROVE', 'APPROVED', moderator.headers, 1],
      ['REJECT', 'REJECTED', moderator.headers, 0],
      ['APPROVE', 'APPROVED', admin.headers, 1],
      ['MARK_SPAM', 'SPAM', moderator.headers, 0],
      ['APPROVE', 'APPROVED', moderator.headers, 1],
      ['DELETE', 'DELETED', admin.headers, 0],
    ];
    for (const [action, status, headers, count] of steps) {
      const res = await moderate(id, action, headers, `because ${action}`);
      expect(res.data.moderateComment).toEqual({ comment: { id, status, body: 'to be moderated' }, userErrors: [] });
      expect(await storedCommentCount(ds(), article.id)).toBe(count);
      expect(await approvedRows(article.id)).toBe(count);
      const read = await server.gql(`query ($slug: String!) { article(slug: $slug) { commentCount comments { edges { node { id } } } } }`, { slug: article.slug });
      expect(read.data.article.commentCount).toBe(count);
      expect(read.data.article.comments.edges).toHaveLength(count);
    }
  });

  it('refuses a no-op, a deleted comment, an unknown id, a bad id and a bad reason, writing nothing', async () => {
    const article = await insertArticle(ds());
    const { comment } = await postComment(server, { articleId: article.globalId });
    const id = comment!.id;
    const logBefore = (await ds().query(`SELECT count(*)::int AS n FROM moderation_log`))[0].n;

    const pendingToPending = await server.gql(MODERATE_COMMENT, { id, action: 'APPROVE' }, moderator.headers);
    expect(pendingToPending.data.moderateComment.userErrors).toEqual([]);
    const again = await moderate(id, 'APPROVE', moderator.headers);
    expect(again.data.moderateComment).toEqual({
      comment: null,
      userErrors: [{ field: 'id', code: 'CONFLICT', message: `id: comment "${id}" is already APPROVED` }],
    });
    const badReason = await moderate(id, 'REJECT', moderator.headers, 'x'.repeat(1001));
    expect(badReason.data.moderateComment.userErrors[0]).toMatchObject({ field: 'reason', code: 'INVALID' });
    const controlReason = await moderate(id, 'REJECT', moderator.headers, 'bad\u0007');
    expect(controlReason.data.moderateComment.userErrors[0]).toMatchObject({ field: 'reason', code: 'INVALID' });
    expect(await storedCommentCount(ds(), article.id)).toBe(1);

    await moderate(id, 'DELETE', moderator.headers);
    const deleted = await moderate(id, 'APPROVE', moderator.headers);
    expect(deleted.data.moderateComment.userErrors[0]).toMatchObject({ field: 'id', code: 'CONFLICT' });
    expect(deleted.data.moderateComment.userErrors[0].message).toContain('deleted comments stay deleted');

    const unknown = Buffer.from('Comment:999999').toString('base64url');
    expect((await moderate(unknown, 'APPROVE', moderator.headers)).data.moderateComment.userErrors[0]).toMatchObject({ field: 'id', code: 'NOT_FOUND' });
    expect((await moderate(article.globalId, 'APPROVE', moderator.headers)).data.moderateComment.userErrors[0]).toMatchObject({ field: 'id', code: 'INVALID' });

    // Two actions were taken (APPROVE, DELETE); every refusal left no log entry.
    expect((await ds().query(`SELECT count(*)::int AS n FROM moderation_log`))[0].n).toBe(logBefore + 2);
    expect(await storedCommentCount(ds(), article.id)).toBe(0);
  });
});

describe('moderationQueue', () => {
  it('lists comments in one state, oldest first, in pages', async () => {
    const fresh = await startTestServer({ env: { COMMENT_RATE_PER_ADDRESS: '1000' } });
    try {
      const mod = (await createTestToken(fresh.db.dataSource, 'moderator')).headers;
      const article = await insertArticle(fresh.db.dataSource);
      const bodies = ['one', 'two', 'three', 'four', 'five'];
      for (const body of bodies) await postComment(fresh, { articleId: article.globalId, body });
      const spam = await postComment(fresh, { articleId: article.globalId, body: 'http://a http://b http://c' });

      const first = await fresh.gql(QUEUE, { first: 2 }, mod);
      expect(first.data.moderationQueue.totalCount).toBe(5);
      expect(first.data.moderationQueue.edges.map((e: any) => e.node.body)).toEqual(['one', 'two']);
      expect(first.data.moderationQueue.edges[0].node).toMatchObject({ status: 'PENDING', article: { id: article.globalId } });
      const second = await fresh.gql(QUEUE, { first: 2, after: first.data.moderationQueue.pageInfo.endCursor }, mod);
      expect(second.data.moderationQueue.edges.map((e: any) => e.node.body)).toEqual(['three', 'four']);
      const third = await fresh.gql(QUEUE, { first: 2, after: second.data.moderationQueue.pageInfo.endCursor }, mod);
      expect(third.data.moderationQueue.edges.map((e: any) => e.node.body)).toEqual(['five']);
      expect(third.data.moderationQueue.pageInfo.hasNextPage).toBe(false);

      const spamQueue = await fresh.gql(QUEUE, { status: 'SPAM' }, mod);
      expect(spamQueue.data.moderationQueue.edges.map((e: any) => e.node.id)).toEqual([spam.comment!.id]);

      await fresh.gql(MODERATE_COMMENT, { id: first.data.moderationQueue.edges[0].node.id, action: 'APPROVE' }, mod);
      const after = await fresh.gql(QUEUE, {}, mod);
      expect(after.data.moderationQueue.edges.map((e: any) => e.node.body)).toEqual(['two', 'three', 'four', 'five']);
    } finally {
      await fresh.close();
    }
  });
});

describe('moderationLog', () => {
  it('keeps who, when, what and why of every action, newest first, for ADMIN', async () => {
    const fresh = await startTestServer({});
    try {
      const mod = await createTestToken(fresh.db.dataSource, 'moderator', 'mod-noor');
      const adm = await createTestToken(fresh.db.dataSource, 'admin', 'admin-ari');
      const article = await insertArticle(fresh.db.dataSource);
      const { comment } = await postComment(fresh, { articleId: article.globalId });
      const started = Date.now();
      await fresh.gql(MODERATE_COMMENT, { id: comment!.id, action: 'APPROVE', reason: 'on topic' }, mod.headers);
      await fresh.gql(MODERATE_COMMENT, { id: comment!.id, action: 'MARK_SPAM' }, adm.headers);

      const log = await fresh.gql(LOG, { first: 1 }, adm.headers);
      expect(log.data.moderationLog.totalCount).toBe(2);
      expect(log.data.moderationLog.edges[0].node).toMatchObject({
        action: 'MARK_SPAM', reason: null, fromStatus: 'APPROVED', toStatus: 'SPAM', actor: 'admin-ari', comment: { id: comment!.id, status: 'SPAM' },
      });
      const next = await fresh.gql(LOG, { first: 1, after: log.data.moderationLog.pageInfo.endCursor }, adm.headers);
      const entry = next.data.moderationLog.edges[0].node;
      expect(entry).toMatchObject({ action: 'APPROVE', reason: 'on topic', fromStatus: 'PENDING', toStatus: 'APPROVED', actor: 'mod-noor' });
      expect(new Date(entry.createdAt).getTime()).toBeGreaterThanOrEqual(started - 5000);
      expect(next.data.moderationLog.pageInfo.hasNextPage).toBe(false);
    } finally {
      await fresh.close();
    }
  });
});
