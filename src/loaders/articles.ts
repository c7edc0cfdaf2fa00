import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { Article } from '../entities';
import type { PageRequest } from '../pagination';
import { exactTimestampSql, keysetSql, selectList } from '../db/sql';
import { inKeyOrder } from './keyed';
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
 * A page of the articles that carry a topic, newest first, from the link table's
 * (topic_id, published_at, article_id) index: one statement for many topics. (An entity's
 * articles are a part: parts/entity.ts.)
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

export const articlesPageByTopicId = (ds: DataSource) => articlesPageThrough(ds, 'article_topic', 'topic_id');
