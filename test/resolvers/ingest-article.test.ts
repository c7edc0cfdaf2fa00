import { readSeedArticle } from '../../src/services/seed';
import { operation } from '../support/operations';
import { startTestServer, type TestServer } from '../support/server';
import { createTestToken } from '../support/tokens';

let server: TestServer;
let editor: Record<string, string>;
const INGEST = operation('ingest-article');

beforeAll(async () => {
  server = await startTestServer({ seed: true });
  editor = (await createTestToken(server.db.dataSource, 'editor')).headers;
});
afterAll(() => server.close());

const q = (sql: string, params: unknown[] = []) => server.db.dataSource.query(sql, params);
const ingest = (input: Record<string, unknown>, headers = editor) => server.gql(INGEST, { input }, headers);
const counts = async () => {
  const [row] = await q(`SELECT (SELECT count(*) FROM article)::int AS articles, (SELECT count(*) FROM mention)::int AS mentions,
    (SELECT count(*) FROM article_entity)::int AS summaries`);
  return row;
};

const RAW_PAGE = `Hammouchi reçoit le directeur de la Police fédérale belge à Rabat

0

- Advertisement -

Le directeur général de la DGSN, Abdellatif Hammouchi, a reçu à Rabat le ministre Tarik Ouazzani. Les deux hommes ont évoqué la coopération avec l’Europe.

Hammouchi a salué le travail de la Police fédérale belge et de l'Agence nationale des ports.

Partager

Laisser un commentaire
Votre adresse email ne sera pas publiée.`;

describe('ingestArticle', () => {
  it('is for editors: anonymous callers are UNAUTHENTICATED, moderators FORBIDDEN', async () => {
    const anonymous = await ingest({ body: RAW_PAGE }, {});
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const moderator = (await createTestToken(server.db.dataSource, 'moderator')).headers;
    const forbidden = await ingest({ body: RAW_PAGE }, moderator);
    expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await counts()).articles).toBe(1);
  });

  it('stores a raw page without furniture, links its mentions at exact offsets and proposes unknown names', async () => {
    const res = await ingest({ body: RAW_PAGE, url: 'https://news.example/rabat', source: 'Example News', publishedAt: '2024-12-10T08:00:00Z' });
    expect(res.errors).toBeUndefined();
    const payload = res.data.ingestArticle;
    expect(payload.userErrors).toEqual([]);
    expect(payload.created).toBe(true);
    expect(payload.article.title).toBe('Hammouchi reçoit le directeur de la Police fédérale belge à Rabat');
    const [stored] = await q(`SELECT body, raw_body, language, url, published_at FROM article WHERE slug = $1`, [payload.article.slug]);
    expect(stored.body).not.toMatch(/Advertisement|Partager|commentaire|^0$/m);
    expect(stored.raw_body).toBe(RAW_PAGE); // kept as received, so cleaning can be re-run
    expect(stored.language).toBe('fr');
    expect(stored.published_at.toISOString()).toBe('2024-12-10T08:00:00.000Z');
    // The headline is linked too; each mention says which text its offsets point into.
    const read = await server.gql(
      `query ($slug: String!) { article(slug: $slug) { title body mentions(fields: [TITLE, BODY]) { field start end text } bodyOnly: mentions { field } } }`,
      { slug: payload.article.slug }, editor,
    );
    const { article } = read.data;
    for (const m of article.mentions) expect((m.field === 'TITLE' ? article.title : article.body).slice(m.start, m.end)).toBe(m.text);
    expect(article.mentions.map((m: any) => `${m.field}:${m.text}`).slice(0, 3)).toEqual(['TITLE:Hammouchi', 'TITLE:Police fédérale belge', 'BODY:DGSN']);
    // Unless asked, mentions are the body's, as before: their offsets point into the body.
    expect(new Set(article.bodyOnly.map((m: any) => m.field))).toEqual(new Set(['BODY']));
    expect(article.bodyOnly).toHaveLength(article.mentions.length - 2);
    expect(payload.article.mentions.map((m: any) => `${m.text}=${m.entity.name}`)).toEqual([
      'DGSN=Direction générale de la Sûreté nationale',
      'Abdellatif Hammouchi=Abdellatif Hammouchi',
      'Europe=Europe',
      'Hammouchi=Abdellatif Hammouchi',
      'Police fédérale belge=Police fédérale belge',
    ]);
    expect(payload.candidates).toEqual(expect.arrayContaining([
      { text: 'Tarik Ouazzani', kind: 'PERSON', occurrences: 1 },
      { text: 'Agence nationale des ports', kind: 'ORGANIZATION', occurrences: 1 },
      // Once in the headline, once in the body: the headline's unknown names count too.
      { text: 'Rabat', kind: 'PLACE', occurrences: 2 },
    ]));
  });

  it('stores nothing twice: the same URL, or the same text under another URL or spacing, is created: false', async () => {
    const before = await counts();
    const again = await ingest({ body: RAW_PAGE, url: 'https://news.example/rabat' });
    expect(again.data.ingestArticle.created).toBe(false);
    const respaced = await ingest({ body: RAW_PAGE.replace(/ /g, '  ').toUpperCase(), url: 'https://mirror.example/copy' });
    expect(respaced.data.ingestArticle.created).toBe(false);
    expect(respaced.data.ingestArticle.article.id).toBe(again.data.ingestArticle.article.id);
    expect(await counts()).toEqual(before);
  });

  it('recognizes the seed page, sent raw, as the seed article', async () => {
    const res = await ingest({ body: readSeedArticle() });
    expect(res.data.ingestArticle.created).toBe(false);
    expect(res.data.ingestArticle.article.title).toBe('Renforcement de la coopération sécuritaire entre le Maroc et la Belgique');
    expect(res.data.ingestArticle.article.mentions).toHaveLength(26);
  });

  it('updates a known URL sent with edited text: same article, mentions replaced in step', async () => {
    const original = await ingest({ body: RAW_PAGE, url: 'https://news.example/rabat' });
    const id = original.data.ingestArticle.article.id;
    const before = await counts();
    const edited = RAW_PAGE.replace('Hammouchi a salué le travail de la Police fédérale belge', 'Francisca Bostyn a salué le travail de la Sûreté de l’État');
    const res = await ingest({ body: edited, url: 'https://news.example/rabat' });
    expect(res.data.ingestArticle.created).toBe(false);
    expect(res.data.ingestArticle.article.id).toBe(id);
    expect(res.data.ingestArticle.article.mentions.map((m: any) => m.text)).toEqual([
      'DGSN', 'Abdellatif Hammouchi', 'Europe', 'Francisca Bostyn', 'Sûreté de l’État',
    ]);
    // Seven mentions (two in the headline) replaced seven: nothing added beside them.
    expect(await counts()).toMatchObject({ articles: before.articles, mentions: before.mentions });
    const [row] = await q(`SELECT a.body, (SELECT count(*)::int FROM mention m WHERE m.article_id = a.id) AS n
      FROM article a WHERE a.url = 'https://news.example/rabat'`);
    expect(row.body).toContain('Francisca Bostyn a salué');
    expect(row.n).toBe(7);
    // The Federal Police, now named in the headline only, is still one of the article's organizations.
    const summaries = await q(`SELECT e.slug, ae.mentions, ae.first_start < 0 AS "inTitle" FROM article_entity ae JOIN entity e ON e.id = ae.entity_id
      JOIN article a ON a.id = ae.article_id WHERE a.url = 'https://news.example/rabat' ORDER BY e.slug`);
    expect(summaries).toEqual([
      { slug: 'abdellatif-hammouchi', mentions: 2, inTitle: true }, { slug: 'belgian-federal-police', mentions: 1, inTitle: true },
      { slug: 'belgian-state-security', mentions: 1, inTitle: false }, { slug: 'dgsn', mentions: 1, inTitle: false },
      { slug: 'europe', mentions: 1, inTitle: false }, { slug: 'francisca-bostyn', mentions: 1, inTitle: false },
    ]);
  });

  it('answers invalid input with userErrors naming the field and the value, storing nothing', async () => {
    const before = await counts();
    const res = await ingest({ body: 'Un titre\n\nUn texte.', url: 'ftp://x', language: 'french', publishedAt: '2999-01-01T00:00:00Z', source: '  ' });
    expect(res.data.ingestArticle).toMatchObject({ created: false, article: null, candidates: [] });
    expect(res.data.ingestArticle.userErrors.map((e: any) => e.field)).toEqual(['url', 'publishedAt', 'language', 'source']);
    expect(res.data.ingestArticle.userErrors[0].message).toContain('"ftp://x"');
    const furnitureOnly = await ingest({ body: 'Titre seul\n\n- Advertisement -\n\n0\n\nPartager' });
    expect(furnitureOnly.data.ingestArticle.userErrors).toEqual([
      { field: 'body', message: 'body: no article text is left once the title and page furniture are removed' },
    ]);
    const empty = await ingest({ body: '   ' });
    expect(empty.data.ingestArticle.userErrors[0].field).toBe('body');
    expect(await counts()).toEqual(before);
  });

  it('gives exact UTF-16 offsets when characters outside the BMP come before the mentions', async () => {
    const body = '𝐒𝐞́𝐜𝐮𝐫𝐢𝐭𝐞́ 🇲🇦🇧🇪 au Maroc\n\n😀 Abdellatif Hammouchi 𠜎 et la DGSN en Belgique.';
    const res = await ingest({ title: 'Emoji 😀 et sécurité', body });
    expect(res.data.ingestArticle.created).toBe(true);
    const [{ body: stored }] = await q(`SELECT body FROM article WHERE slug = $1`, [res.data.ingestArticle.article.slug]);
    const mentions = res.data.ingestArticle.article.mentions;
    expect(mentions.map((m: any) => m.text)).toEqual(['Maroc', 'Abdellatif Hammouchi', 'DGSN', 'Belgique']);
    for (const m of mentions) {
      expect(stored.slice(m.start, m.end)).toBe(m.text);
      expect(m.start).toBe(stored.indexOf(m.text));
    }
  });
});
