import { In } from 'typeorm';
import { NamedEntity, Topic } from '../../src/entities';
import { createLoaders } from '../../src/loaders';
import { articleTags } from '../../src/loaders/parts/article';
import { createTestDatabase, type TestDatabase } from '../support/database';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ seed: true });
});
afterAll(() => db.drop());

describe('article tags (entities and topics of many articles in one statement)', () => {
  it('hydrates entities (every column a field shows, as the repository reads it) and topics, in reading and label order', async () => {
    const [{ id: articleId }] = await db.dataSource.query(`SELECT id FROM article ORDER BY id LIMIT 1`);
    const loaders = createLoaders(db.dataSource);
    const { entities, topics } = await loaders.part(articleTags).load({ id: articleId, plan: true });

    const order: { entity_id: number }[] = await db.dataSource.query(
      `SELECT entity_id FROM article_entity WHERE article_id = $1 ORDER BY first_start`, [articleId],
    );
    expect(entities.map((e) => e.id)).toEqual(order.map((o) => o.entity_id));
    expect(entities.length).toBeGreaterThan(5);
    const stored = await db.dataSource.getRepository(NamedEntity).findBy({ id: In(entities.map((e) => e.id)) });
    for (const entity of entities) {
      // Left out: no field shows when an entity was created or what it was merged into.
      const { createdAt, mergedIntoId, ...shown } = stored.find((s) => s.id === entity.id)!;
      expect(createdAt).toBeInstanceOf(Date);
      expect(mergedIntoId).toBeNull();
      expect({ ...entity }).toEqual(shown);
    }

    const storedTopics = await db.dataSource.query(
      `SELECT t.id, t.slug, t.label FROM article_topic at JOIN topic t ON t.id = at.topic_id WHERE at.article_id = $1 ORDER BY t.label`, [articleId],
    );
    expect(topics.map((t: Topic) => ({ ...t }))).toEqual(storedTopics);
  });

  it('answers an article with no tags with empty lists', async () => {
    const [{ id }] = await db.dataSource.query(
      `INSERT INTO article (slug, title, body, language, published_at, content_hash) VALUES ('bare', 'Bare', 'Nothing here', 'en', now(), 'bare') RETURNING id`,
    );
    const loaders = createLoaders(db.dataSource);
    expect(await loaders.part(articleTags).load({ id: id, plan: true })).toEqual({ entities: [], topics: [] });
  });
});
