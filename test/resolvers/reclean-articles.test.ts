import { createTestToken } from '../support/tokens';
import { onPurge, purgeKeys, type PurgeEvent } from '../../src/services/purge';
import { useEditorDesk } from '../support/editor-desk';

const desk = useEditorDesk();
const { q, gql } = desk;

const INGEST = `mutation($input: IngestArticleInput!) { ingestArticle(input: $input) { article { id } userErrors { message } } }`;
const RECLEAN = `mutation($articles: [ID!]) {
  recleanArticles(articles: $articles) { job { id kind state done total } userErrors { field code message } }
}`;
const RAW = [
  'Rencontre sécuritaire à Rabat',
  '- Advertisement -',
  'Abdellatif Hammouchi a reçu Eric Snoek pour signer un plan d’action commun.',
  '',
  'Les deux services échangeront leurs analyses.',
].join('\n');

describe('re-cleaning stored articles from their raw text', () => {
  let articleId: string;
  let dbId: number;
  let cleanBody: string;

  beforeAll(async () => {
    const res = await gql(INGEST, { input: { body: RAW, url: 'https://example.test/reclean-1', publishedAt: '2025-02-01T10:00:00Z' } });
    expect(res.data.ingestArticle.userErrors).toEqual([]);
    articleId = res.data.ingestArticle.article.id;
    [{ id: dbId, body: cleanBody }] = await q(`SELECT id, body FROM article WHERE url = 'https://example.test/reclean-1'`);
  });

  it('is for editors, and refuses unknown or malformed article ids', async () => {
    expect((await gql(RECLEAN, {}, {})).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const moderator = (await createTestToken(desk.server.db.dataSource, 'moderator')).headers;
    expect((await gql(RECLEAN, {}, moderator)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await gql(RECLEAN, { articles: ['nonsense'] })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const unknown = Buffer.from('Article:999999').toString('base64url');
    const res = await gql(RECLEAN, { articles: [articleId, unknown] });
    expect(res.data.recleanArticles).toEqual({ job: null, userErrors: [{ field: 'articles[1]', code: 'NOT_FOUND', message: 'articles[1]: no article with this id' }] });
    expect((await gql(RECLEAN, { articles: [] })).data.recleanArticles.userErrors[0].code).toBe('INVALID');
    expect(await q(`SELECT count(*)::int AS n FROM background_job WHERE kind = 'reclean'`)).toEqual([{ n: 0 }]);
  });

  it('cleans a stale body again, recomputes its mentions, and reports progress', async () => {
    expect(cleanBody).not.toContain('Advertisement');
    // A body cleaned by an older cleaner: furniture left in, its mentions at the old offsets.
    const stale = `- Advertisement -\n\n${cleanBody}`;
    await q(`UPDATE article SET body = $2 WHERE id = $1`, [dbId, stale]);
    await q(`UPDATE mention SET start = start + 19, "end" = "end" + 19 WHERE article_id = $1 AND field = 'body'`, [dbId]);
    await q(`DELETE FROM mention WHERE article_id = $1 AND text = 'Eric Snoek'`, [dbId]);
    // Another article without raw text (stored before raw text was kept) is skipped.
    await q(`UPDATE article SET raw_body = NULL WHERE id <> $1`, [dbId]);
    const [{ n: articles }] = await q(`SELECT count(*)::int AS n FROM article`);

    const purged: PurgeEvent[] = [];
    const stop = onPurge((event) => void purged.push(event));
    const res = await gql(RECLEAN);
    expect(res.data.recleanArticles.userErrors).toEqual([]);
    expect(res.data.recleanArticles.job).toMatchObject({ kind: 'reclean', total: articles });
    const job = await desk.finishedJob(res.data.recleanArticles.job.id);
    expect(job).toMatchObject({ state: 'DONE', done: articles, total: articles, updated: 1, skipped: articles - 1, error: null });
    stop();
    // The worker runs in this process: the pages that showed the article are purged.
    expect(purged.flatMap((e) => e.keys)).toEqual(expect.arrayContaining(purgeKeys({ articles: [dbId] })));

    const [{ body }] = await q(`SELECT body FROM article WHERE id = $1`, [dbId]);
    expect(body).toBe(cleanBody);
    const mentions: { text: string; start: number; end: number }[] = await q(
      `SELECT text, start, "end" FROM mention WHERE article_id = $1 AND field = 'body' ORDER BY start`, [dbId],
    );
    expect(mentions.map((m) => m.text)).toEqual(['Abdellatif Hammouchi', 'Eric Snoek']);
    for (const m of mentions) expect(body.slice(m.start, m.end)).toBe(m.text);

    // Running it again changes nothing.
    const again = await desk.finishedJob((await gql(RECLEAN, { articles: [articleId] })).data.recleanArticles.job.id);
    expect(again).toMatchObject({ state: 'DONE', done: 1, total: 1, updated: 0, skipped: 0 });
  });

  it('leaves an article whose raw text cleans to nothing unchanged, and reports it', async () => {
    await q(`UPDATE article SET raw_body = $2 WHERE id = $1`, [dbId, 'Rencontre sécuritaire à Rabat\n- Advertisement -\n']);
    const job = await desk.finishedJob((await gql(RECLEAN, { articles: [articleId] })).data.recleanArticles.job.id);
    expect(job).toMatchObject({ state: 'DONE', done: 1, updated: 0, skipped: 0 });
    expect(job.error).toMatch(/^1 record\(s\) failed, e\.g\. article \d+: body: no article text is left .*; left unchanged$/);
    const [{ body }] = await q(`SELECT body FROM article WHERE id = $1`, [dbId]);
    expect(body).toBe(cleanBody);
  });
});
