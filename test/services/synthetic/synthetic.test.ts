import { parseArgs, UsageError } from '../../../src/cli/seed-synthetic';
import { generateDataset } from '../../../src/services/synthetic/generate';
import { loadDataset } from '../../../src/services/synthetic/load';
import { createTestDatabase, type TestDatabase } from '../../support/database';

const SMALL = { seed: 7, articles: 200, people: 120, organizations: 30, places: 25, events: 90 };

describe('the synthetic dataset generator', () => {
  it('is deterministic: the same seed gives the same rows, another seed other rows', () => {
    const a = generateDataset(SMALL);
    const b = generateDataset(SMALL);
    expect(b).toEqual(a);
    const c = generateDataset({ ...SMALL, seed: 8 });
    expect(c.articles.map((x) => x.body)).not.toEqual(a.articles.map((x) => x.body));
  });

  it('gives each article 3-8 mentions whose offsets slice their text out of the body', () => {
    const d = generateDataset(SMALL);
    const perArticle = new Map<number, number>();
    for (const m of d.mentions) {
      const article = d.articles[m.articleId - 1];
      expect(article.body.slice(m.start, m.end)).toBe(m.text);
      const entity = d.entities[m.entityId - 1];
      expect([entity.name, ...entity.aliases, entity.acronym]).toContain(m.text);
      perArticle.set(m.articleId, (perArticle.get(m.articleId) ?? 0) + 1);
    }
    expect(perArticle.size).toBe(SMALL.articles);
    for (const n of perArticle.values()) expect(n).toBeGreaterThanOrEqual(3);
    for (const n of perArticle.values()) expect(n).toBeLessThanOrEqual(8);
    // Some bodies hold a character outside the BMP before mentions: offsets are UTF-16 units.
    expect(d.articles.some((a) => /\p{Extended_Pictographic}/u.test(a.body))).toBe(true);
  });

  it('numbers articles in order of publication, over the whole span, some sharing an instant', () => {
    const { articles } = generateDataset(SMALL);
    const instants = articles.map((a) => Date.parse(a.publishedAt));
    for (let i = 1; i < articles.length; i++) {
      expect(articles[i].id).toBe(articles[i - 1].id + 1);
      expect(instants[i]).toBeGreaterThanOrEqual(instants[i - 1]);
    }
    // spread over the years, not bunched at the start, and the keyset's id tie-break still exercised
    expect(instants[instants.length - 1] - instants[0]).toBeGreaterThan(2 * 365 * 86_400_000);
    expect(new Set(instants).size).toBeLessThan(articles.length);
  });

  it('has the requested sizes and realistic shapes', () => {
    const d = generateDataset(SMALL);
    const kinds = (k: string) => d.entities.filter((e) => e.kind === k).length;
    expect([kinds('person'), kinds('organization'), kinds('place')]).toEqual([SMALL.people, SMALL.organizations, SMALL.places]);
    expect(d.events).toHaveLength(SMALL.events);
    const cast = new Map<number, number>();
    for (const p of d.participants) cast.set(p.eventId, (cast.get(p.eventId) ?? 0) + 1);
    for (const e of d.events) {
      expect(cast.get(e.id)).toBeGreaterThanOrEqual(2);
      expect(cast.get(e.id)).toBeLessThanOrEqual(5);
    }
    const perArticle = d.comments.length / SMALL.articles;
    expect(perArticle).toBeGreaterThan(4);
    expect(perArticle).toBeLessThan(6);
    expect(d.comments.some((c) => c.parentId !== null)).toBe(true);
    expect(d.comments.filter((c) => c.status === 'approved').length / d.comments.length).toBeGreaterThan(0.8);
    for (const c of d.comments.filter((x) => x.parentId !== null)) {
      const parent = d.comments[c.parentId! - 1];
      expect(parent.articleId).toBe(c.articleId);
      expect(parent.status).toBe('approved');
      expect(c.depth).toBe(parent.depth + 1);
      expect(c.createdAt > parent.createdAt).toBe(true);
    }
    for (const a of d.articles) {
      expect(a.commentCount).toBe(d.comments.filter((c) => c.articleId === a.id && c.status === 'approved').length);
    }
    expect(d.affiliations.length).toBeGreaterThan(SMALL.people / 2);
    expect(new Set(d.entities.filter((e) => e.kind === 'person').map((e) => e.slug)).size).toBe(SMALL.people);
  });

  it("reports each sourced event in a sentence of its article naming two of its participants", () => {
    const d = generateDataset(SMALL);
    expect(d.eventSources.length).toBeGreaterThan(SMALL.events / 2);
    for (const s of d.eventSources) {
      const body = d.articles[s.articleId - 1].body;
      const sentence = body.slice(s.start, s.end);
      expect(sentence).toMatch(/\.$/);
      const named = d.mentions.filter((m) => m.articleId === s.articleId && m.start >= s.start && m.end <= s.end).map((m) => m.entityId);
      const participants = d.participants.filter((p) => p.eventId === s.eventId).map((p) => p.entityId);
      expect(participants).toEqual(expect.arrayContaining(named.slice(0, 2)));
    }
  });
});

describe('loading the synthetic dataset', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('writes every row, keeps comment counts right and leaves the sequences past the ids', async () => {
    const d = generateDataset(SMALL);
    await loadDataset(db.dataSource, d);
    const q = (sql: string) => db.dataSource.query(sql);
    const [counts] = await q(`SELECT (SELECT count(*)::int FROM article) AS articles, (SELECT count(*)::int FROM mention) AS mentions,
      (SELECT count(*)::int FROM comment) AS comments, (SELECT count(*)::int FROM event_source) AS sources`);
    expect(counts).toEqual({ articles: d.articles.length, mentions: d.mentions.length, comments: d.comments.length, sources: d.eventSources.length });
    const [{ wrong }] = await q(`SELECT count(*)::int AS wrong FROM article a
      WHERE a.comment_count <> (SELECT count(*) FROM comment c WHERE c.article_id = a.id AND c.status = 'approved')`);
    expect(wrong).toBe(0);
    const rows = await q(`SELECT a.body, m.start, m."end", m.text FROM mention m JOIN article a ON a.id = m.article_id`);
    for (const r of rows) expect(r.body.slice(r.start, r.end)).toBe(r.text);
    const [{ id }] = await q(`INSERT INTO topic (slug, label) VALUES ('new-topic', 'New') RETURNING id`);
    expect(id).toBe(d.topics.length + 1);
  });

  it('refuses a database that already holds data, and writes nothing', async () => {
    await expect(loadDataset(db.dataSource, generateDataset({ ...SMALL, seed: 9 }))).rejects.toThrow(/already holds/);
    const [{ count }] = await db.dataSource.query(`SELECT count(*)::int AS count FROM article`);
    expect(count).toBe(SMALL.articles);
  });

  it('replaces the data with --reset semantics', async () => {
    const other = generateDataset({ ...SMALL, seed: 9, articles: 50 });
    await loadDataset(db.dataSource, other, { reset: true });
    const [{ count }] = await db.dataSource.query(`SELECT count(*)::int AS count FROM article`);
    expect(count).toBe(50);
  });
});

describe('seed-synthetic command line', () => {
  it('reads sizes, the seed and --reset', () => {
    expect(parseArgs(['--articles', '10000', '--seed', '42', '--people', '10000', '--events', '100000', '--reset'])).toEqual({
      options: { articles: 10000, seed: 42, people: 10000, events: 100000 }, reset: true,
    });
    expect(parseArgs(['--articles', '5']).options.seed).toBe(42);
  });

  it('rejects bad arguments naming the flag and the value', () => {
    expect(() => parseArgs(['--articles', 'many'])).toThrow(/^--articles: expected a whole number from 1 to 1000000, got "many"/);
    expect(() => parseArgs(['--articles', '10', '--bogus', '1'])).toThrow(/unknown argument "--bogus"/);
    expect(() => parseArgs(['--seed', '1'])).toThrow(/--articles is required/);
    expect(() => parseArgs(['--articles'])).toThrow(UsageError);
  });
});
