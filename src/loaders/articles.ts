import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { Article } from '../entities';
import type { PageRequest } from '../services/pagination';
import { exactTimestampSql, keysetSql, perIdSql, selectList } from '../db/sql';
import { relatedArticlesColumn } from '../db/article-parts';
import { inKeyOrder } from './keyed';
import { primable } from './primable';
import { lateralPageSql, pagedLoader, type PagedRow } from './paged';

export function articleById(ds: DataSource) {
  return new DataLoader<number, Article | null>(async (ids) =>
    inKeyOrder(ids, await ds.getRepository(Article).findBy({ id: In([...ids]) }), (a) => a.id),
  );
}

export function articleBySlug(ds: DataSource) {
  return new DataLoader<string, Article | null>(async (slugs) =>
    inKeyOrder(slugs, await ds.getRepository(Article).findBy({ slug: In([...slugs]) }), (a) => a.slug),
  );
}

type ArticleRow = Article & PagedRow & { _sort: string };

/**
 * A page of the articles that mention an entity (or carry a topic), newest first, from
 * the link table's (entity_id|topic_id, published_at, article_id) index: one statement
 * for many entities.
 */
function articlesPageThrough(ds: DataSource, table: 'article_entity' | 'article_topic', column: 'entity_id' | 'topic_id') {
  return pagedLoader<ArticleRow, Article>(
    async (ids: number[], page: PageRequest, withTotal: boolean) => {
      const params: unknown[] = [ids];
      const keyset = keysetSql(page, 'l.published_at', 'l.article_id', params, true);
      params.push(page.limit + 1);
      return ds.query(
        lateralPageSql(
          withTotal ? `SELECT count(*)::int AS total FROM ${table} l WHERE l.${column} = k.id` : null,
          `SELECT ${selectList(ds, Article, 'a')}, ${exactTimestampSql('l.published_at')} AS "_sort"
             FROM ${table} l JOIN article a ON a.id = l.article_id
            WHERE l.${column} = k.id AND ${keyset.where}
            ORDER BY ${keyset.order} LIMIT $${params.length}`,
        ),
        params,
      );
    },
    (a) => [a._sort, a.id!],
  );
}

export const articlesPageByEntityId = (ds: DataSource) => articlesPageThrough(ds, 'article_entity', 'entity_id');
export const articlesPageByTopicId = (ds: DataSource) => articlesPageThrough(ds, 'article_topic', 'topic_id');

export interface RelatedKey {
  articleId: number;
  first: number;
}

/** The articles sharing the most entities with each article (ties: newest first). */
export function relatedArticles(ds: DataSource) {
  const related = relatedArticlesColumn(ds, 'k.id', '$2');
  const cacheKeyOf = (k: RelatedKey) => `${k.articleId}:${k.first}`;
  return primable(new DataLoader<RelatedKey, Article[], string>(
    async (keys) => {
      const first = Math.max(...keys.map((k) => k.first));
      const ids = [...new Set(keys.map((k) => k.articleId))];
      const rows: { _key: number; _related: unknown[][] }[] = await ds.query(perIdSql(related.sql), [ids, first]);
      const byId = new Map(rows.map((r) => [r._key, related.read(r._related)]));
      return keys.map((k) => byId.get(k.articleId)!.slice(0, k.first));
    },
    { cacheKeyFn: cacheKeyOf },
  ), cacheKeyOf);
}
