import { createTestDatabase, type TestDatabase } from '../support/database';

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
    expect(bostyn.participants).toContain('francisca-bostyn:guest');
    expect(bostyn.participants).toContain('abdellatif-hammouchi:host');
    for (const e of events) expect(e.body.slice(e.start, e.end)).toMatch(/^[A-ZÀ-Ý].*[.]$/s);
  });

  it('tags the article with the six topics it covers', async () => {
    const topics = await q(`SELECT t.slug FROM article_topic at JOIN topic t ON t.id = at.topic_id ORDER BY t.slug`);
    expect(topics.map((t: { slug: string }) => t.slug)).toEqual([
      'border-transit-data', 'money-laundering', 'organized-crime', 'sporting-events-security', 'terrorism', 'wanted-persons',
    ]);
  });
});
