import { createEntity, updateEntity } from '../../../src/services/curation/entities';
import { mergeEntities } from '../../../src/services/curation/merge';
import { ingestArticle } from '../../../src/services/ingest/ingest-article';
import { onPurge, type PurgeEvent } from '../../../src/services/purge';
import { createTestDatabase, type TestDatabase } from '../../support/database';

/** The writes of the services purge what they changed, after commit (docs/caching.md, "Purging"). */
let db: TestDatabase;
let events: PurgeEvent[];
let stop: () => void;
beforeAll(async () => {
  db = await createTestDatabase({ seed: true });
});
beforeEach(() => {
  events = [];
  stop = onPurge((e) => void events.push(e));
});
afterEach(() => stop());
afterAll(() => db.drop());

const entityId = async (slug: string) => (await db.dataSource.query(`SELECT id FROM entity WHERE slug = $1`, [slug]))[0].id as number;

it('purges a new article, the lists and the entities it names; an unchanged one nothing', async () => {
  const input = { title: 'Visite à Rabat', body: 'Abdellatif Hammouchi a reçu une délégation au Maroc.', url: 'https://wire.example/purge-1' };
  const created = await ingestArticle(db.dataSource, input);
  expect(created.outcome).toBe('created');
  const hammouchi = await entityId('abdellatif-hammouchi');
  expect(events).toHaveLength(1);
  expect(events[0].keys).toEqual(expect.arrayContaining([`article:${created.article!.id}`, 'articles', `entity:${hammouchi}`]));
  events.length = 0;
  expect((await ingestArticle(db.dataSource, input)).outcome).toBe('unchanged');
  expect(events).toEqual([]);
});

it('purges an edited article without the lists', async () => {
  const url = 'https://wire.example/purge-2';
  await ingestArticle(db.dataSource, { title: 'Première version', body: 'Eric Snoek était en Belgique.', url });
  events.length = 0;
  const updated = await ingestArticle(db.dataSource, { title: 'Deuxième version', body: 'Eric Snoek était en Belgique, puis au Maroc.', url });
  expect(updated.outcome).toBe('updated');
  expect(events[0].keys).toContain(`article:${updated.article!.id}`);
  expect(events[0].keys).not.toContain('articles');
});

it('purges the stored event that an ingested article becomes another source of', async () => {
  const other = await ingestArticle(db.dataSource, {
    title: 'Entretiens à Bruxelles', source: 'Another outlet', publishedAt: new Date('2024-12-07T09:00:00Z'),
    body: 'Abdellatif Hammouchi a eu des entretiens avec Eric Snoek le 5 décembre en Belgique.',
  });
  expect(other.outcome).toBe('created');
  const sourced: { event_id: number; merge_reason: string | null }[] = await db.dataSource.query(
    `SELECT event_id, merge_reason FROM event_source WHERE article_id = $1`, [other.article!.id]);
  // The seed's talks gained a source: an event page cached before must go.
  expect(sourced).toEqual([expect.objectContaining({ merge_reason: expect.stringMatching(/same kind/) })]);
  expect(events).toHaveLength(1);
  expect(events[0].keys).toEqual(expect.arrayContaining([`article:${other.article!.id}`, `event:${sourced[0].event_id}`, 'event:unkeyed']));
});

it('purges an updated entity, and both entities of a merge; a refused write nothing', async () => {
  const morocco = await entityId('morocco');
  expect((await updateEntity(db.dataSource, morocco, 'place', { aliases: ['Royaume du Maroc'] })).entity).not.toBeNull();
  expect(events.map((e) => e.keys)).toEqual([[`entity:${morocco}`, 'entity:unkeyed']]);
  events.length = 0;
  expect((await updateEntity(db.dataSource, morocco, 'person', { aliases: ['x'] })).userErrors[0].code).toBe('NOT_FOUND');
  expect(events).toEqual([]);
  const [{ id: twin }] = await db.dataSource.query(`INSERT INTO entity (kind, slug, name, aliases) VALUES ('place', 'morocco-twin', 'Morocco twin', '{}') RETURNING id`);
  expect((await mergeEntities(db.dataSource, twin, morocco)).entity).not.toBeNull();
  expect(events.map((e) => e.keys)).toEqual([[`entity:${twin}`, `entity:${morocco}`, 'entity:unkeyed', 'entities']]);
});

it('purges the lists of people, organizations and places when one is created', async () => {
  const created = await createEntity(db.dataSource, 'person', { name: 'Nouvelle Personne' });
  expect(events.map((e) => e.keys)).toEqual([[`entity:${created.entity!.id}`, 'entity:unkeyed', 'entities']]);
});
