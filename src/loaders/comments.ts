import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { Comment } from '../entities';
import type { PageRequest } from '../services/pagination';
import { selectList } from '../db/sql';
import { inKeyOrder } from './keyed';
import { keysetSql } from '../db/sql';
import { pagedLoader, type PagedRow } from './paged';

/** Any comment by id, whatever its state (callers decide what a reader may see). */
export function commentById(ds: DataSource) {
  return new DataLoader<number, Comment | null>(async (ids) =>
    inKeyOrder(ids, await ds.getRepository(Comment).findBy({ id: In([...ids]) }), (c) => c.id),
  );
}

/**
 * A page of approved comments, oldest first, under many parents in one statement:
 * `parentColumn` is `article_id` (top-level comments of articles) or `parent_id` (replies).
 */
function approvedCommentsPage(ds: DataSource, parentColumn: 'article_id' | 'parent_id') {
  const topLevel = parentColumn === 'article_id' ? 'AND c.parent_id IS NULL' : '';
  return pagedLoader<Comment & PagedRow>(
    async (ids: number[], page: PageRequest) => {
      const params: unknown[] = [ids];
      // Ids grow with creation time, so id order is oldest first and an exact keyset.
      const keyset = keysetSql(page, 'c.id', 'c.id', params);
      params.push(page.limit + 1);
      return ds.query(
        `SELECT k.id AS "_key", t.total AS "_total", x.*
           FROM unnest($1::int[]) AS k(id)
           CROSS JOIN LATERAL (
             SELECT count(*)::int AS total FROM comment c WHERE c.${parentColumn} = k.id AND c.status = 'approved' ${topLevel}
           ) t
           LEFT JOIN LATERAL (
             SELECT ${selectList(ds, Comment, 'c')} FROM comment c
              WHERE c.${parentColumn} = k.id AND c.status = 'approved' ${topLevel} AND ${keyset.where}
              ORDER BY ${keyset.order} LIMIT $${params.length}
           ) x ON TRUE`,
        params,
      );
    },
    (c) => [c.id!, c.id!],
  );
}

export const approvedCommentsPageByArticleId = (ds: DataSource) => approvedCommentsPage(ds, 'article_id');
export const approvedRepliesPageByCommentId = (ds: DataSource) => approvedCommentsPage(ds, 'parent_id');
