import { decodeGlobalId } from '../../src/schema/global-id';
import {
  commentRows, insertArticle, MODERATE_COMMENT, postComment, storedCommentCount, uniqueEmail,
} from '../support/comments';
import { startTestServer, type TestServer } from '../support/server';
import { createTestToken } from '../support/tokens';

const ARTICLE_COMMENTS = `query ($slug: String!) {
  article(slug: $slug) { commentCount comments(first: 50) { totalCount edges { node { id body authorName status replies { edges { node { id body } } } } } } }
}`;

let server: TestServer;
let moderator: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer({ env: { COMMENT_RATE_PER_ADDRESS: '10000', COMMENT_RATE_PER_EMAIL: '10000' } });
  moderator = (await createTestToken(server.db.dataSource, 'moderator')).headers;
});
afterAll(() => server.close());

const ds = () => server.db.dataSource;

async function approve(id: string) {
  const res = await server.gql(MODERATE_COMMENT, { id, action: 'APPROVE' }, moderator);
  expect(res.data.moderateComment.userErrors).toEqual([]);
}

describe('addComment', () => {
  it('stores a new comment as PENDING, returns it to its author, and keeps it from readers', async () => {
    const article = await insertArticle(ds());
    const email = uniqueEmail();
    const payload = await postComment(server, { articleId: article.globalId, authorName: '  Ada  ', email, body: '  First!  ' });
    expect(payload.userErrors).toEqual([]);
    expect(payload.comment).toMatchObject({ authorName: 'Ada', body: 'First!', status: 'PENDING', parent: null });
    expect(new Date(payload.comment!.createdAt).getTime()).toBeGreaterThan(Date.now() - 60_000);

    const [row] = await ds().query(`SELECT article_id, email, status, depth FROM comment WHERE id = $1`, [decodeGlobalId(payload.comment!.id)!.id]);
    expect(row).toEqual({ article_id: article.id, email, status: 'pending', depth: 0 });

    const read = await server.gql(ARTICLE_COMMENTS, { slug: article.slug });
    expect(read.data.article).toEqual({ commentCount: 0, comments: { totalCount: 0, edges: [] } });
    expect(await storedCommentCount(ds(), article.id)).toBe(0);
  });

  it('shows readers a comment once approved, and counts it', async () => {
    const article = await insertArticle(ds());
    const { comment } = await postComment(server, { articleId: article.globalId, body: 'Approved soon' });
    await approve(comment!.id);
    const read = await server.gql(ARTICLE_COMMENTS, { slug: article.slug });
    expect(read.data.article.commentCount).toBe(1);
    expect(read.data.article.comments.edges.map((e: any) => e.node.body)).toEqual(['Approved soon']);
    expect(await storedCommentCount(ds(), article.id)).toBe(1);
  });

  it('keeps the body as plain text: markup is neither interpreted, escaped nor stripped', async () => {
    const article = await insertArticle(ds());
    const body = `<script>alert("x")</script> & <b>bold</b> &amp; <a href="javascript:1">link</a>\nsecond line\ttab`;
    const { comment } = await postComment(server, { articleId: article.globalId, body });
    expect(comment!.body).toBe(body);
    await approve(comment!.id);
    const read = await server.gql(ARTICLE_COMMENTS, { slug: article.slug });
    expect(read.data.article.comments.edges[0].node.body).toBe(body);
    const [row] = await ds().query(`SELECT body FROM comment WHERE id = $1`, [decodeGlobalId(comment!.id)!.id]);
    expect(row.body).toBe(body);
  });

  it('accepts the boundaries: an 80-character name, a 5,000-character body, astral characters counted once', async () => {
    const article = await insertArticle(ds());
    const name = '😀'.repeat(80);
    const body = 'é'.repeat(4999) + '😀';
    const payload = await postComment(server, { articleId: article.globalId, authorName: name, body });
    expect(payload.userErrors).toEqual([]);
    expect(payload.comment).toMatchObject({ authorName: name, body });
  });

  it('normalizes CRLF line breaks in the body to LF', async () => {
    const article = await insertArticle(ds());
    const { comment } = await postComment(server, { articleId: article.globalId, body: 'one\r\ntwo\rthree' });
    expect(comment!.body).toBe('one\ntwo\nthree');
  });
});

describe('addComment refuses bad input with a userError per field and stores nothing', () => {
  let articleId: string;
  beforeAll(async () => {
    articleId = (await insertArticle(ds())).globalId;
  });

  it.each([
    ['an empty name', { authorName: '   ' }, 'authorName', 'authorName: 1 to 80 characters after trimming, got 0'],
    ['an 81-character name', { authorName: 'x'.repeat(81) }, 'authorName', 'got 81'],
    ['a control character in the name', { authorName: 'Ada\u0007' }, 'authorName', 'a control character (U+0007) at position 4'],
    ['a line break in the name', { authorName: 'Ada\nLovelace' }, 'authorName', 'U+000A'],
    ['a bidi override in the name', { authorName: 'Ada\u202Eevil' }, 'authorName', 'U+202E'],
    ['a lone surrogate in the name', { authorName: 'Ada\uD800' }, 'authorName', 'invalid Unicode (U+D800)'],
    ['an email address as the name', { authorName: 'Ada <ada@example.org>' }, 'authorName', 'authorName: looks like an email address; the name is published'],
    ['the author\'s own email in the body', { email: 'Own.Address@Example.org', body: 'Write to me at own.address@example.org please' }, 'body', 'body: contains the email address given in the email field'],
    ['an email without @', { email: 'not-an-email' }, 'email', 'email: expected an address such as name@example.org'],
    ['an email without a domain dot', { email: 'a@localhost' }, 'email', 'expected an address'],
    ['an email with spaces inside', { email: 'a b@example.org' }, 'email', 'expected an address'],
    ['an email with a lone surrogate', { email: 'a\uDC00@example.org' }, 'email', 'expected an address'],
    ['an overlong email', { email: `${'a'.repeat(64)}@${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.${'e'.repeat(60)}.org` }, 'email', 'at most 254'],
    ['an empty body', { body: ' \n\t ' }, 'body', 'body: 1 to 5,000 characters after trimming, got 0'],
    ['a 5,001-character body', { body: 'x'.repeat(5001) }, 'body', 'got 5,001'],
    ['a control character in the body', { body: 'hello\u0000world' }, 'body', 'a control character (U+0000) at position 6'],
    ['a C1 control in the body', { body: 'hello\u0085' }, 'body', 'U+0085'],
    ['a lone surrogate in the body', { body: 'broken \uDFFF text' }, 'body', 'invalid Unicode (U+DFFF) at position 8'],
    ['a noncharacter in the body', { body: 'odd \uFFFF' }, 'body', 'invalid Unicode (U+FFFF)'],
  ])('%s', async (_what, bad, field, message) => {
    const before = await commentRows(ds());
    const payload = await postComment(server, { articleId, ...bad });
    expect(payload.comment).toBeNull();
    expect(payload.userErrors).toHaveLength(1);
    expect(payload.userErrors[0]).toMatchObject({ field, code: 'INVALID', retryAfterSeconds: null });
    expect(payload.userErrors[0].message).toContain(message);
    expect(await commentRows(ds())).toBe(before);
  });

  it('reports every bad field at once', async () => {
    const before = await commentRows(ds());
    const payload = await postComment(server, { articleId: 'nope', parentId: 'also-nope', authorName: '', email: 'x', body: '' });
    expect(payload.userErrors.map((e) => e.field)).toEqual(['articleId', 'parentId', 'authorName', 'email', 'body']);
    expect(payload.userErrors[0].message).toBe('articleId: expected the id of an Article, got "nope"');
    expect(await commentRows(ds())).toBe(before);
  });

  it('refuses the id of another type as articleId, and an article that does not exist', async () => {
    const before = await commentRows(ds());
    const wrongType = await postComment(server, { articleId: Buffer.from('Person:1').toString('base64url') });
    expect(wrongType.userErrors[0]).toMatchObject({ field: 'articleId', code: 'INVALID' });
    const missing = await postComment(server, { articleId: Buffer.from('Article:999999').toString('base64url') });
    expect(missing.userErrors[0]).toMatchObject({ field: 'articleId', code: 'NOT_FOUND' });
    expect(missing.userErrors[0].message).toContain('no article has the id');
    expect(await commentRows(ds())).toBe(before);
  });
});

describe('replies', () => {
  it('nest under an approved comment of the same article, at most 3 deep', async () => {
    const article = await insertArticle(ds());
    let parentId: string | null = null;
    const chain: string[] = [];
    for (let depth = 0; depth <= 3; depth++) {
      const { comment, userErrors } = await postComment(server, { articleId: article.globalId, parentId, body: `depth ${depth}` });
      expect(userErrors).toEqual([]);
      expect(comment!.parent).toEqual(parentId ? { id: parentId } : null);
      const [row] = await ds().query(`SELECT depth FROM comment WHERE id = $1`, [decodeGlobalId(comment!.id)!.id]);
      expect(row.depth).toBe(depth);
      await approve(comment!.id);
      chain.push(comment!.id);
      parentId = comment!.id;
    }
    const before = await commentRows(ds());
    const tooDeep = await postComment(server, { articleId: article.globalId, parentId, body: 'depth 4' });
    expect(tooDeep.comment).toBeNull();
    expect(tooDeep.userErrors).toEqual([
      expect.objectContaining({ field: 'parentId', code: 'INVALID', message: expect.stringContaining('replies nest at most 3 deep') }),
    ]);
    expect(await commentRows(ds())).toBe(before);

    const read = await server.gql(ARTICLE_COMMENTS, { slug: article.slug });
    expect(read.data.article.commentCount).toBe(4);
    expect(read.data.article.comments.edges).toHaveLength(1);
    expect(read.data.article.comments.edges[0].node.replies.edges[0].node.id).toBe(chain[1]);
  });

  it('must be on the same article as the parent', async () => {
    const a = await insertArticle(ds());
    const b = await insertArticle(ds());
    const { comment } = await postComment(server, { articleId: a.globalId });
    await approve(comment!.id);
    const before = await commentRows(ds());
    const payload = await postComment(server, { articleId: b.globalId, parentId: comment!.id });
    expect(payload.comment).toBeNull();
    expect(payload.userErrors[0]).toMatchObject({ field: 'parentId', code: 'INVALID' });
    expect(payload.userErrors[0].message).toContain('same article');
    expect(await commentRows(ds())).toBe(before);
  });

  it('cannot answer a comment readers cannot see (pending)', async () => {
    const a = await insertArticle(ds());
    const { comment } = await postComment(server, { articleId: a.globalId });
    const before = await commentRows(ds());
    const payload = await postComment(server, { articleId: a.globalId, parentId: comment!.id });
    expect(payload.userErrors[0]).toMatchObject({ field: 'parentId', code: 'NOT_FOUND' });
    expect(await commentRows(ds())).toBe(before);
  });
});

describe('spam signals and repeats', () => {
  it('refuses the same body from the same author on the same article as DUPLICATE', async () => {
    const article = await insertArticle(ds());
    const email = uniqueEmail();
    await postComment(server, { articleId: article.globalId, email, body: 'Exactly this.' });
    const before = await commentRows(ds());
    const again = await postComment(server, { articleId: article.globalId, email: `  ${email.toUpperCase()} `, body: '  exactly   THIS. ' });
    expect(again.comment).toBeNull();
    expect(again.userErrors).toEqual([expect.objectContaining({ field: 'body', code: 'DUPLICATE' })]);
    expect(await commentRows(ds())).toBe(before);
  });

  it('sends a comment with many links to SPAM', async () => {
    const article = await insertArticle(ds());
    const { comment } = await postComment(server, { articleId: article.globalId, body: 'cheap http://a.example https://b.example www.c.example' });
    expect(comment!.status).toBe('SPAM');
    const { comment: two } = await postComment(server, { articleId: article.globalId, body: 'see https://a.example and https://b.example' });
    expect(two!.status).toBe('PENDING');
  });

  it('sends a body repeated by other authors to SPAM, and an author copying one body across articles', async () => {
    const [a, b] = [await insertArticle(ds()), await insertArticle(ds())];
    const body = `Buy followers now, best prices ${Date.now()}`;
    expect((await postComment(server, { articleId: a.globalId, body }))!.comment!.status).toBe('PENDING');
    expect((await postComment(server, { articleId: a.globalId, body }))!.comment!.status).toBe('PENDING');
    expect((await postComment(server, { articleId: b.globalId, body }))!.comment!.status).toBe('SPAM');

    const email = uniqueEmail();
    const text = `My long opinion that I paste everywhere ${Date.now()}`;
    expect((await postComment(server, { articleId: a.globalId, email, body: text })).comment!.status).toBe('PENDING');
    expect((await postComment(server, { articleId: b.globalId, email, body: text })).comment!.status).toBe('SPAM');
  });

  it('does not count a short repeated body ("Thanks!") as spam', async () => {
    const article = await insertArticle(ds());
    for (let i = 0; i < 3; i++) expect((await postComment(server, { articleId: article.globalId, body: 'Thanks!' })).comment!.status).toBe('PENDING');
  });
});

describe('the auto-approve-known policy', () => {
  let known: TestServer;
  beforeAll(async () => {
    known = await startTestServer({ env: { COMMENT_POLICY: 'auto-approve-known', COMMENT_RATE_PER_ADDRESS: '1000' } });
  });
  afterAll(() => known.close());

  it('approves an author with an earlier approved comment, recognised by the normalized email', async () => {
    const kds = known.db.dataSource;
    const mod = (await createTestToken(kds, 'moderator')).headers;
    const article = await insertArticle(kds);
    const email = uniqueEmail('Known');
    const first = await postComment(known, { articleId: article.globalId, email, body: 'first words' });
    expect(first.comment!.status).toBe('PENDING');
    // Pending is not enough to be known.
    expect((await postComment(known, { articleId: article.globalId, email, body: 'second words' })).comment!.status).toBe('PENDING');
    await known.gql(MODERATE_COMMENT, { id: first.comment!.id, action: 'APPROVE' }, mod);

    const third = await postComment(known, { articleId: article.globalId, email: ` ${email.toUpperCase()}`, body: 'third words' });
    expect(third.comment!.status).toBe('APPROVED');
    expect(await storedCommentCount(kds, article.id)).toBe(2);
    expect((await postComment(known, { articleId: article.globalId, email: uniqueEmail(), body: 'stranger' })).comment!.status).toBe('PENDING');

    // The service's hash of an email equals the database's generated column.
    const [row] = await kds.query(`SELECT email_hash FROM comment WHERE id = $1`, [decodeGlobalId(third.comment!.id)!.id]);
    const { emailHash } = await import('../../src/services/comments/hashes');
    expect(row.email_hash).toBe(emailHash(email));
  });
});
