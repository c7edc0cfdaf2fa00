import { commentRows, insertArticle, postComment, uniqueEmail } from '../support/comments';
import { startTestServer, type TestServer } from '../support/server';

/**
 * Names and bodies that display as nothing, and bidirectional overrides and isolates
 * (src/services/comments/validation.ts): refused with a userError that says why, and nothing
 * stored. Overrides are refused rather than removed, so what is published is what was sent.
 */
let server: TestServer;
let articleId: string;
beforeAll(async () => {
  server = await startTestServer({ env: { COMMENT_RATE_PER_ADDRESS: '1000' } });
  articleId = (await insertArticle(server.db.dataSource)).globalId;
});
afterAll(() => server.close());

const ds = () => server.db.dataSource;
const NOTHING_VISIBLE = 'nothing visible; invisible and formatting characters';

async function expectRefused(input: { authorName?: string; body?: string }, field: string, message: string) {
  const email = uniqueEmail();
  const before = await commentRows(ds());
  const res = await server.gql(
    `mutation($input: AddCommentInput!) { addComment(input: $input) { comment { id } userErrors { field code message } } }`,
    { input: { articleId, email, authorName: 'A reader', body: 'A comment', ...input } },
  );
  expect(res.errors).toBeUndefined();
  expect(res.data.addComment.comment).toBeNull();
  expect(res.data.addComment.userErrors).toEqual([{ field, code: 'INVALID', message: expect.stringContaining(message) }]);
  // Never the email, never a stack trace.
  expect(res.text).not.toContain(email);
  expect(res.text).not.toMatch(/\bat .+\.(ts|js):\d+/);
  expect(await commentRows(ds())).toBe(before);
}

describe('a name made only of invisible or format characters is refused', () => {
  it.each([
    ['zero-width space', '\u200B'],
    ['zero-width non-joiner and joiner', '\u200C\u200D'],
    ['word joiner and BOM', '\u2060\uFEFF'],
    ['soft hyphens', '\u00AD\u00AD\u00AD'],
    ['left-to-right and right-to-left marks', '\u200E\u200F'],
    ['an invisible times (Cf)', '\u2062'],
    ['spaces around a zero-width space', ' \u200B\u00A0\u3000 '],
    ['a Hangul filler', '\u3164'],
    ['a blank Braille pattern', '\u2800\u2800'],
    ['a variation selector', '\uFE0F'],
    ['eighty zero-width spaces (within the length limit)', '\u200B'.repeat(80)],
  ])('%s', async (_what, authorName) => {
    await expectRefused({ authorName }, 'authorName', `authorName: ${NOTHING_VISIBLE}`);
  });

  it('refuses a body made only of them too', async () => {
    await expectRefused({ body: '\u200B\n\u200D\t\u00AD' }, 'body', `body: ${NOTHING_VISIBLE}`);
  });

  it('keeps joiners and marks that are part of visible text', async () => {
    for (const authorName of ['श्\u200Dरी', 'Zoë\u200B', '\u200Fמרים', 'Ada\u00ADLovelace']) {
      const payload = await postComment(server, { articleId, authorName });
      expect(payload.userErrors).toEqual([]);
      expect(payload.comment!.authorName).toBe(authorName);
    }
  });
});

describe('bidirectional overrides and isolates are refused in names and bodies', () => {
  it.each([
    ['RLO in a name', { authorName: 'Ada\u202Eevil' }, 'authorName', 'authorName: a bidirectional override or isolate (U+202E) at position 4 is not allowed'],
    ['LRE in a name', { authorName: '\u202AAda' }, 'authorName', '(U+202A) at position 1'],
    ['PDF in a name', { authorName: 'Ada\u202C' }, 'authorName', '(U+202C) at position 4'],
    ['an isolate pair in a name', { authorName: 'x\u2066y\u2069' }, 'authorName', '(U+2066) at position 2'],
    ['RLO in a body', { body: 'Price: \u202E01$' }, 'body', 'body: a bidirectional override or isolate (U+202E) at position 8 is not allowed: it would make the text display in another order'],
    ['FSI in a body', { body: 'a \u2068b\u2069' }, 'body', '(U+2068) at position 3'],
    ['PDI alone in a body', { body: 'end\u2069' }, 'body', '(U+2069) at position 4'],
  ])('%s', async (_what, input, field, message) => {
    await expectRefused(input, field, message);
  });

  it('accepts right-to-left text, which needs none of them', async () => {
    const body = 'مرحبا بالعالم — שלום \u200Fעולם';
    const payload = await postComment(server, { articleId, authorName: 'سلمى', body });
    expect(payload.userErrors).toEqual([]);
    expect(payload.comment).toMatchObject({ authorName: 'سلمى', body });
  });
});
