import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { articleTagsColumns, type ArticleTags, type TaggedRow } from '../db/article-tags';
import { inKeyOrder } from './keyed';
import { primable } from './primable';

export type { ArticleTags } from '../db/article-tags';

/**
 * What an article is tagged with, entities and topics, in ONE statement per batch: a list
 * of articles shows both, and each statement costs the request a round trip (about 0.3 ms
 * of the service's CPU besides PostgreSQL's work). The front page primes this loader from
 * its own statement (resolvers/Query.ts) and needs none.
 */
export function articleTagsByArticleId(ds: DataSource) {
  const tags = articleTagsColumns(ds, 'k.id');
  return primable(new DataLoader<number, ArticleTags>(async (articleIds) => {
    const rows: (TaggedRow & { articleId: number })[] = await ds.query(
      `SELECT k.id AS "articleId", ${tags.sql} FROM unnest($1::int[]) AS k(id)`,
      [articleIds],
    );
    return inKeyOrder(articleIds, rows, (r) => r.articleId).map((r) => (r ? tags.hydrate(r) : { entities: [], topics: [] }));
  }));
}
