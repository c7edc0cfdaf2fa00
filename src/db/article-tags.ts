import type { DataSource } from 'typeorm';
import { NamedEntity, Topic } from '../entities';
import { positionalRow } from './sql';

/** What an article is tagged with. */
export interface ArticleTags {
  /** The entities the article mentions, in reading order (first mention first); without `createdAt` and `mergedIntoId`. */
  entities: NamedEntity[];
  /** Its topics, by label. */
  topics: Topic[];
}

/** The two columns an article's tags come back in (JSON arrays of positional rows). */
export interface TaggedRow {
  _entities: unknown[][];
  _topics: unknown[][];
}

/**
 * The SELECT expressions for the tags of the article whose id is `articleId` (an SQL
 * expression of the enclosing query): both lists aggregated by PostgreSQL, the entities
 * probed by key (EXPLAIN: no scan of the entity table). Used by the tags loader over a
 * batch of ids, and by the front page's own statement, which then needs no second one.
 */
export function articleTagsColumns(ds: DataSource, articleId: string) {
  // No field of a tagged entity shows when the row was created or what it was merged into
  // (merges relink mentions): 111 timestamps fewer to format and parse on a front page.
  const entity = positionalRow(ds, NamedEntity, 'e', ['createdAt', 'mergedIntoId']);
  const topic = positionalRow(ds, Topic, 't');
  return {
    sql: `(SELECT COALESCE(json_agg(${entity.sql} ORDER BY ae.first_start), '[]')
             FROM article_entity ae JOIN entity e ON e.id = ae.entity_id WHERE ae.article_id = ${articleId}) AS "_entities",
          (SELECT COALESCE(json_agg(${topic.sql} ORDER BY t.label), '[]')
             FROM article_topic at JOIN topic t ON t.id = at.topic_id WHERE at.article_id = ${articleId}) AS "_topics"`,
    hydrate: (row: TaggedRow): ArticleTags => ({ entities: row._entities.map(entity.hydrate), topics: row._topics.map(topic.hydrate) }),
  };
}
