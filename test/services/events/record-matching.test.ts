import { recordArticleEvents } from '../../../src/services/events/record';
import { Gazetteer } from '../../../src/services/linking/gazetteer';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { GraphFixture } from '../graph/fixture';

let db: TestDatabase;
let g: GraphFixture;
beforeAll(async () => {
  db = await createTestDatabase();
  g = new GraphFixture(db.dataSource);
});
afterAll(() => db.drop());

/**
 * Matching reads each participant's stored events in the proposal's date window: a stored
 * event of coarser precision dated (by its first day) before the window still matches, a
 * day-precise one before it does not, and among many stored events of the same people the
 * one that may be the same day is found.
 */
describe('recordArticleEvents: matching stored events by date precision', () => {
  it('attaches a dated meeting to the month or year that holds it, not to another day', async () => {
    const [a, b] = [await g.person('Karim Alaoui'), await g.person('Pieter Janssens')];
    const stored = async (date: string, precision: string) => {
      const [{ id }] = await db.dataSource.query(
        `INSERT INTO event (slug, kind, title, date, date_precision, status, confidence, origin) VALUES ($1, 'meeting', $1, $2, $3, 'proposed', 0.7, 'extracted') RETURNING id`,
        [`stored-${date}-${precision}`, date, precision],
      );
      await db.dataSource.query(`INSERT INTO event_participant (event_id, entity_id, role, date) SELECT $1, unnest($2::int[]), 'participant', $3`, [id, [a, b], date]);
      return id as number;
    };
    // Many day-precise meetings of the two, none on the day the article reports.
    for (let d = 1; d <= 28; d++) if (d !== 15) await stored(`2024-02-${String(d).padStart(2, '0')}`, 'day');
    const month = await stored('2024-03-01', 'month');
    const gazetteer = new Gazetteer([
      { entityId: a, kind: 'person', names: ['Karim Alaoui'] },
      { entityId: b, kind: 'person', names: ['Pieter Janssens'] },
    ]);
    const record = async (slug: string, body: string) => {
      const [{ id }] = await db.dataSource.query(
        `INSERT INTO article (slug, title, body, language, published_at, content_hash) VALUES ($1, $1, $2, 'en', '2024-04-02', $1) RETURNING id`, [slug, body],
      );
      return db.dataSource.transaction((m) => recordArticleEvents(m, [{ articleId: id, body, publishedAt: new Date('2024-04-02T08:00:00Z'), language: 'en', mentions: gazetteer.link(body) }]));
    };
    const march = await record('march', 'Karim Alaoui met Pieter Janssens on 15 March 2024 in Ghent.');
    expect(march).toMatchObject({ created: 0, attached: 1, eventIds: [month] });
    // 15 February: no stored meeting that day (the month of March does not reach back to it).
    const february = await record('february', 'Karim Alaoui met Pieter Janssens on 15 February 2024.');
    expect(february).toMatchObject({ created: 1, attached: 0 });
    // A year's event, dated 1 January, holds a day in December.
    const year = await stored('2023-01-01', 'year');
    const december = await record('december', 'Karim Alaoui met Pieter Janssens on 20 December 2023.');
    expect(december).toMatchObject({ created: 0, attached: 1, eventIds: [year] });
  });
});
