import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { NamedEntity, Topic } from '../entities';
import { inKeyOrder } from './keyed';

export interface ArticleTags {
  /** The entities the article mentions, in reading order (first mention first). */
  entities: NamedEntity[];
  /** Its topics, by label. */
  topics: Topic[];
}

/**
 * An entity's row as a positional JSON array, and the function that turns the array back
 * into the entity: without the keys repeated in every element, the aggregate is about half
 * the bytes and JSON.parse interns no keys (tags statement: 1.13 -> 0.70 ms of CPU per front page).
 */
function positionalRow<T>(ds: DataSource, entity: new () => T, alias: string) {
  const columns = ds.getMetadata(entity).columns.filter((c) => c.isSelect);
  const sql = `json_build_array(${columns.map((c) => `${alias}."${c.databaseName}"`).join(', ')})`;
  const isInstant = columns.map((c) => c.type === 'timestamptz');
  const hydrate = (values: unknown[]): T => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < columns.length; i++) row[columns[i].propertyName] = isInstant[i] && values[i] != null ? new Date(values[i] as string) : values[i];
    return row as T;
  };
  return { sql, hydrate };
}

/**
 * What an article is tagged with, entities and topics, in ONE statement per batch: a list
 * of articles (the front page) shows both, and each statement costs the request a round
 * trip, about 0.5 ms of CPU in the service on top of PostgreSQL's work (front-page profile).
 * One row per article, both lists aggregated by PostgreSQL; the entities are probed by key
 * from the article ids (EXPLAIN: no scan of the entity table).
 */
export function articleTagsByArticleId(ds: DataSource) {
  const entity = positionalRow(ds, NamedEntity, 'e');
  const topic = positionalRow(ds, Topic, 't');
  return new DataLoader<number, ArticleTags>(async (articleIds) => {
    const rows: { articleId: number; entities: unknown[][]; topics: unknown[][] }[] = await ds.query(
      `SELECT k.id AS "articleId",
              (SELECT COALESCE(json_agg(${entity.sql} ORDER BY ae.first_start), '[]')
                 FROM article_entity ae JOIN entity e ON e.id = ae.entity_id WHERE ae.article_id = k.id) AS entities,
              (SELECT COALESCE(json_agg(${topic.sql} ORDER BY t.label), '[]')
                 FROM article_topic at JOIN topic t ON t.id = at.topic_id WHERE at.article_id = k.id) AS topics
         FROM unnest($1::int[]) AS k(id)`,
      [articleIds],
    );
    const tags = rows.map((r) => ({ articleId: r.articleId, entities: r.entities.map(entity.hydrate), topics: r.topics.map(topic.hydrate) }));
    return inKeyOrder(articleIds, tags, (r) => r.articleId).map((r) => r ?? { entities: [], topics: [] });
  });
}
