import { createJob } from '../../../src/services/jobs/job-store';
import { recleanArticles } from '../../../src/services/jobs/reclean';
import { relinkArticles } from '../../../src/services/jobs/relink';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { GraphFixture } from '../graph/fixture';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  const g = new GraphFixture(db.dataSource);
  await g.person('Abdellatif Hammouchi');
  await g.person('Eric Snoek');
});
afterAll(() => db.drop());

// Published on Saturday 1 February 2025: "jeudi dernier" is Thursday 30 January.
const PUBLISHED = '2025-02-01T10:00:00Z';
const TEXT = 'Abdellatif Hammouchi a rencontré Eric Snoek jeudi dernier à Rabat.\n\nLes deux responsables ont évoqué la coopération.';

async function storedArticle(slug: string, body: string, rawBody: string | null): Promise<number> {
  const [{ id }] = await db.dataSource.query(
    `INSERT INTO article (slug, title, body, raw_body, language, published_at, content_hash) VALUES ($1, 'Rencontre à Rabat', $2, $3, 'fr', $4, $1) RETURNING id`,
    [slug, body, rawBody, PUBLISHED],
  );
  return id;
}

const eventsOf = (articleId: number) => db.dataSource.query(
  `SELECT e.kind, to_char(e.date, 'YYYY-MM-DD') AS date, e.date_precision AS precision, e.place_name AS "placeName"
     FROM event_source s JOIN event e ON e.id = s.event_id WHERE s.article_id = $1 ORDER BY e.id`, [articleId],
);

describe('events proposed by the relink and re-clean jobs', () => {
  it('relinking an article whose links changed proposes its events, relative dates resolved against its publication date', async () => {
    // Stored before its people were entities: no mentions, no events.
    const id = await storedArticle('relinked', TEXT, null);
    const job = await createJob(db.dataSource, { kind: 'relink', total: 1 });
    await relinkArticles(db.dataSource, job.id, [id]);
    expect(await eventsOf(id)).toEqual([{ kind: 'meeting', date: '2025-01-30', precision: 'day', placeName: 'Rabat' }]);
  });

  it('re-cleaning gives extraction the stored publication date: the event keeps its resolved day', async () => {
    // Cleaned by an older cleaner: furniture left at the top, an event without its date.
    const id = await storedArticle('recleaned', `- Advertisement -\n\n${TEXT}`, `Rencontre à Rabat\n- Advertisement -\n${TEXT}`);
    const job = await createJob(db.dataSource, { kind: 'reclean', total: 1 });
    await recleanArticles(db.dataSource, job.id, [id]);
    const [{ body }] = await db.dataSource.query(`SELECT body FROM article WHERE id = $1`, [id]);
    expect(body).not.toContain('Advertisement');
    expect(await eventsOf(id)).toEqual([{ kind: 'meeting', date: '2025-01-30', precision: 'day', placeName: 'Rabat' }]);
  });
});
