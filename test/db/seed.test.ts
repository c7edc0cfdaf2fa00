import { seedDemoData } from '../../src/services/seed';
import { generateDataset } from '../../src/services/synthetic/generate';
import { loadDataset } from '../../src/services/synthetic/load';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestServer } from '../support/server';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ seed: true });
});
afterAll(() => db.drop());

const q = (sql: string, params: unknown[] = []) => db.dataSource.query(sql, params);

describe('the seed article', () => {
  it('is stored without page furniture, in French, with a lead and a reasoned date', async () => {
    const [article] = await q(`SELECT * FROM article`);
    expect(article.title).toBe('Renforcement de la coopération sécuritaire entre le Maroc et la Belgique');
    expect(article.language).toBe('fr');
    expect(article.lead).toMatch(/^Le directeur général de la Sûreté nationale \(DGSN\)/);
    expect(article.body.startsWith(article.lead)).toBe(true);
    expect(article.body).not.toMatch(/Advertisement|Laisser un commentaire|ne sera pas publiée/);
    expect(article.body).not.toMatch(/^\s*0\s*$/m);
    expect(article.body.endsWith('la préservation de la paix et de la sécurité internationales.')).toBe(true);
    expect(article.published_at.toISOString()).toBe('2024-12-06T00:00:00.000Z');
  });

  it('stores mentions whose offsets slice exactly their text out of the body', async () => {
    const [{ body }] = await q(`SELECT body FROM article`);
    const mentions = await q(`SELECT start, "end", text FROM mention ORDER BY start`);
    expect(mentions.length).toBeGreaterThan(20);
    for (const m of mentions) expect(body.slice(m.start, m.end)).toBe(m.text);
  });

  it('links every person, organization and place the article names', async () => {
    const linked = await q(
      `SELECT e.slug, count(*)::int AS n FROM mention m JOIN entity e ON e.id = m.entity_id GROUP BY e.slug ORDER BY e.slug`,
    );
    expect(Object.fromEntries(linked.map((r: { slug: string; n: number }) => [r.slug, r.n]))).toEqual({
      'abdellatif-hammouchi': 4,
      'eric-snoek': 2,
      'francisca-bostyn': 1,
      dgsn: 2,
      dgst: 2,
      'belgian-federal-police': 2,
      'belgian-state-security': 2,
      morocco: 4,
      belgium: 3,
      sahel: 1,
      sahara: 1,
      'middle-east': 1,
      europe: 1,
    });
  });

  it('records the roles of the three officials', async () => {
    const roles = await q(
      `SELECT p.slug AS person, o.acronym, o.slug AS org, a.role FROM affiliation a
         JOIN entity p ON p.id = a.person_id JOIN entity o ON o.id = a.organization_id ORDER BY p.slug, o.slug`,
    );
    expect(roles.map((r: any) => `${r.person} ${r.org} ${r.role}`)).toEqual([
      'abdellatif-hammouchi dgsn Directeur général',
      'abdellatif-hammouchi dgst Directeur général',
      'eric-snoek belgian-federal-police Commissaire général',
      'francisca-bostyn belgian-state-security Administratrice générale',
    ]);
  });

  it('records the events with participants, places, dated days and the article as evidence', async () => {
    const events = await q(
      `SELECT e.slug, e.kind, e.date, e.date_precision, pl.slug AS place,
              (SELECT string_agg(p.slug || ':' || ep.role, ',' ORDER BY p.slug) FROM event_participant ep JOIN entity p ON p.id = ep.entity_id WHERE ep.event_id = e.id) AS participants,
              es.start, es."end", a.body
         FROM event e JOIN entity pl ON pl.id = e.place_id
         JOIN event_source es ON es.event_id = e.id JOIN article a ON a.id = es.article_id
        ORDER BY e.date, e.slug`,
    );
    expect(events.map((e: any) => [e.kind, e.date, e.date_precision, e.place])).toEqual([
      ['visit', '2024-11-25', 'day', 'morocco'],
      ['meeting', '2024-12-05', 'day', 'belgium'],
      ['meeting', '2024-12-05', 'day', 'belgium'],
      ['visit', '2024-12-05', 'day', 'belgium'],
      ['agreement_signed', '2024-12-05', 'day', 'belgium'],
    ]);
    const signing = events.find((e: any) => e.kind === 'agreement_signed');
    expect(signing.participants).toContain('abdellatif-hammouchi:signatory');
    expect(signing.participants).toContain('eric-snoek:signatory');
    expect(signing.body.slice(signing.start, signing.end)).toMatch(/^Le plan d’action signé par Hammouchi et Snoek .*\.$/);
    const bostyn = events.find((e: any) => e.date === '2024-11-25');
    // "la visite effectuée par Francisca Bostyn … au Maroc le 25 novembre" names no host.
    expect(bostyn.participants).toBe('francisca-bostyn:visitor');
    for (const e of events) expect(e.body.slice(e.start, e.end)).toMatch(/^[A-ZÀ-Ý].*[.]$/s);
  });

  it('tags the article with the six topics it covers', async () => {
    const topics = await q(`SELECT t.slug FROM article_topic at JOIN topic t ON t.id = at.topic_id ORDER BY t.slug`);
    expect(topics.map((t: { slug: string }) => t.slug)).toEqual([
      'border-transit-data', 'money-laundering', 'organized-crime', 'sporting-events-security', 'terrorism', 'wanted-persons',
    ]);
  });
});

describe('the seed article beside a synthetic dataset', () => {
  // Seed 7 has Morocco, Belgium, Sahel, Sahara, Middle East and three topics of the seed's slugs.
  const SMALL = { seed: 7, articles: 200, people: 120, organizations: 30, places: 25, events: 90 };
  const SLUG = 'renforcement-de-la-cooperation-securitaire-entre-le-maroc-et-la-belgique';
  const READ = `query ($slug: String!) {
    article(slug: $slug) {
      title body
      mentions { start end text entity { slug } }
      events { kind date place { slug } participants { role participant { slug } } }
      topics { slug }
    }
    place(slug: "morocco") { name aliases }
  }`;

  /** The seed article through the API, and the synthetic rows around it, as a fresh seed database has them. */
  async function expectBoth(db: TestDatabase): Promise<void> {
    const server = await startTestServer({ db });
    try {
      const res = await server.gql(READ, { slug: SLUG });
      expect(res.errors).toBeUndefined();
      const article = res.data.article;
      expect(article.title).toBe('Renforcement de la coopération sécuritaire entre le Maroc et la Belgique');
      for (const m of article.mentions) expect(article.body.slice(m.start, m.end)).toBe(m.text);
      const linked: Record<string, number> = {};
      for (const m of article.mentions) linked[m.entity.slug] = (linked[m.entity.slug] ?? 0) + 1;
      expect(linked).toEqual({
        'abdellatif-hammouchi': 4, 'eric-snoek': 2, 'francisca-bostyn': 1, dgsn: 2, dgst: 2, 'belgian-federal-police': 2,
        'belgian-state-security': 2, morocco: 4, belgium: 3, sahel: 1, sahara: 1, 'middle-east': 1, europe: 1,
      });
      expect(article.events.map((e: any) => `${e.date} ${e.kind} ${e.place.slug}`).sort()).toEqual([
        '2024-11-25 VISIT morocco', '2024-12-05 AGREEMENT_SIGNED belgium', '2024-12-05 MEETING belgium', '2024-12-05 MEETING belgium',
        '2024-12-05 VISIT belgium',
      ]);
      expect(article.topics.map((t: any) => t.slug).sort()).toEqual([
        'border-transit-data', 'money-laundering', 'organized-crime', 'sporting-events-security', 'terrorism', 'wanted-persons',
      ]);
      // One Morocco, knowing the seed's French name.
      expect(res.data.place).toEqual({ name: 'Morocco', aliases: expect.arrayContaining(['Maroc']) });
    } finally {
      await server.close();
    }
    const q = (sql: string) => db.dataSource.query(sql);
    const [counts] = await q(`SELECT (SELECT count(*)::int FROM article) AS articles,
      (SELECT count(*)::int FROM entity WHERE kind = 'place' AND slug IN ('morocco', 'belgium', 'sahel')) AS places,
      (SELECT count(*)::int FROM topic WHERE slug = 'terrorism') AS topics`);
    expect(counts).toEqual({ articles: SMALL.articles + 1, places: 3, topics: 1 });
    // The synthetic articles' rows point at their own articles and entities, wherever their ids landed.
    const rows = await q(`SELECT a.body, m.start, m."end", m.text FROM mention m JOIN article a ON a.id = m.article_id`);
    for (const r of rows) expect(r.body.slice(r.start, r.end)).toBe(r.text);
    const [{ wrong }] = await q(`SELECT count(*)::int AS wrong FROM article a
      WHERE a.comment_count <> (SELECT count(*) FROM comment c WHERE c.article_id = a.id AND c.status = 'approved')`);
    expect(wrong).toBe(0);
    const [{ elsewhere }] = await q(`SELECT count(*)::int AS elsewhere FROM mention m JOIN entity e ON e.id = m.entity_id JOIN article a ON a.id = m.article_id
      WHERE e.slug = 'morocco' AND a.slug <> '${SLUG}'`);
    expect(elsewhere).toBeGreaterThan(0);
  }

  it('loads after the synthetic dataset, reusing its Morocco, Belgium, regions and topics', async () => {
    const both = await createTestDatabase();
    try {
      await loadDataset(both.dataSource, generateDataset(SMALL));
      await seedDemoData(both.dataSource);
      await expectBoth(both);
    } finally {
      await both.drop();
    }
  });

  it('takes a synthetic dataset after it (as after `npm start` seeded an empty database), which links to its entities', async () => {
    const both = await createTestDatabase({ seed: true });
    try {
      await loadDataset(both.dataSource, generateDataset(SMALL));
      await expectBoth(both);
      // A second synthetic dataset is still refused: only --reset replaces one.
      await expect(loadDataset(both.dataSource, generateDataset({ ...SMALL, seed: 8 }))).rejects.toThrow(/already holds a synthetic dataset/);
    } finally {
      await both.drop();
    }
  });
});
