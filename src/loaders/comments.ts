import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { Comment } from '../entities';
import type { PageRequest } from '../services/pagination';
import { exactTimestampSql, keysetSql, selectList } from '../db/sql';
import { inKeyOrder } from './keyed';
import { lateralPageSql, pagedLoader, type PagedRow } from './paged';

/** Any comment by id, whatever its state (callers decide what a reader may see). */
export function commentById(ds: DataSource) {
  return new DataLoader<number, Comment | null>(async (ids) =>
    inKeyOrder(ids, await ds.getRepository(Comment).findBy({ id: In([...ids]) }), (c) => c.id),
  );
}

/**
 * A page of approved comments, oldest first (created_at, id), under many parents in one
 * statement: `parentColumn` is `article_id` (top-level comments of articles, from the
 * partial index comment_article_idx) or `parent_id` (replies, from comment_parent_idx).
 */
function approvedCommentsPage(ds: DataSource, parentColumn: 'article_id' | 'parent_id') {
  const ofParent = `c.${parentColumn} = k.id AND c.status = 'approved'${parentColumn === 'article_id' ? ' AND c.parent_id IS NULL' : ''}`;
  return pagedLoader<Comment & PagedRow & { _sort: string }>(
    async (ids: number[], page: PageRequest, withTotal: boolean) => {
      const params: unknown[] = [ids];
      const keyset = keysetSql(page, 'c.created_at', 'c.id', params);
      params.push(page.limit + 1);
      return ds.query(
        lateralPageSql(
          withTotal ? `SELECT count(*)::int AS total FROM comment c WHERE ${ofParent}` : null,
          `SELECT ${selectList(ds, Comment, 'c')}, ${exactTimestampSql('c.created_at')} AS "_sort" FROM comment c
            WHERE ${ofParent} AND ${keyset.where}
            ORDER BY ${keyset.order} LIMIT $${params.length}`,
        ),
        params,
      );
    },
    (c) => [c._sort, c.id!],
  );
}

export const approvedCommentsPageByArticleId = (ds: DataSource) => approvedCommentsPage(ds, 'article_id');
export const approvedRepliesPageByCommentId = (ds: DataSource) => approvedCommentsPage(ds, 'parent_id');
