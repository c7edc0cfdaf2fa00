import { createLoaders } from '../../src/loaders';
import { RELATED_CANDIDATES_PER_SIDE, relatedArticles } from '../../src/loaders/parts/article';
import { generateInBatches } from '../../src/services/synthetic/generate';
import { loadFreshDataset } from '../../src/services/synthetic/load';
import { createTestDatabase, type TestDatabase } from '../support/database';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  // Few entities for many articles: the most mentioned ones have far more than the candidate window.
  await loadFreshDataset(db.dataSource, generateInBatches({ seed: 5, articles: 1500, people: 60, organizations: 10, places: 10, events: 200 }));
});
afterAll(() => db.drop());

type Tag = { article_id: number; entity_id: number; published_at: Date };

/** Related articles computed here from the rule: each entity's nearest articles in time on each side, ranked by entities shared. */
function expectedRelated(tags: Tag[], articleId: number, first: number): number[] {
  const byEntity = new Map<number, Tag[]>();
  for (const t of tags) byEntity.set(t.entity_id, [...(byEntity.get(t.entity_id) ?? []), t]);
  const order = (a: Tag, b: Tag) => a.published_at.getTime() - b.published_at.getTime() || a.article_id - b.article_id;
  const shared = new Map<number, { n: number; at: number }>();
  for (const mine of tags.filter((t) => t.article_id === articleId)) {
    const list = byEntity.get(mine.entity_id)!.sort(order);
    const i = list.findIndex((t) => t.article_id === articleId);
    const near = [...list.slice(Math.max(0, i - RELATED_CANDIDATES_PER_SIDE), i), ...list.slice(i + 1, i + 1 + RELATED_CANDIDATES_PER_SIDE)];
    for (const o of near) {
      const s = shared.get(o.article_id) ?? { n: 0, at: o.published_at.getTime() };
      shared.set(o.article_id, { n: s.n + 1, at: s.at });
    }
  }
  return [...shared].sort(([ia, a], [ib, b]) => b.n - a.n || b.at - a.at || ib - ia).slice(0, first).map(([id]) => id);
}

describe('related articles (Article.related)', () => {
  it("ranks each entity's nearest articles in time by entities shared, for articles naming busy and rare entities", async () => {
    const tags: Tag[] = await db.dataSource.query(`SELECT article_id, entity_id, published_at FROM article_entity`);
    const [busiest] = await db.dataSource.query(`SELECT entity_id, articles FROM entity_prominence ORDER BY articles DESC LIMIT 1`);
    expect(busiest.articles).toBeGreaterThan(4 * RELATED_CANDIDATES_PER_SIDE);
    const sample: { id: number }[] = await db.dataSource.query(
      `SELECT a.id FROM article a WHERE EXISTS (SELECT 1 FROM article_entity x WHERE x.article_id = a.id AND x.entity_id = $1) ORDER BY md5(a.slug) LIMIT 15`,
      [busiest.entity_id],
    );
    const others: { id: number }[] = await db.dataSource.query(`SELECT id FROM article ORDER BY md5(slug || 'x') LIMIT 15`);
    const loaders = createLoaders(db.dataSource);
    const columns = ['id' as const];
    for (const { id } of [...sample, ...others]) {
      const related = await loaders.part(relatedArticles).load({ id, plan: { first: 5, columns } });
      expect(related.map((a) => a.id)).toEqual(expectedRelated(tags, id, 5));
      expect(related.map((a) => a.id)).not.toContain(id);
    }
  });
});
