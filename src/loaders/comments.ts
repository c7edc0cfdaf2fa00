import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { Comment } from '../entities';
import type { PageRequest } from '../services/pagination';
import { exactTimestampSql, selectList } from '../db/sql';
import { inKeyOrder } from './keyed';
import { approvedCommentsOf, approvedCommentsPageClauses, type CommentParent, type PagedComment } from '../db/comment-pages';
import { lateralPageSql, pagedLoader, type PagedRow } from './paged';

/** Any comment by id, whatever its state (callers decide what a reader may see). */
export function commentById(ds: DataSource) {
  return new DataLoader<number, Comment | null>(async (ids) =>
    inKeyOrder(ids, await ds.getRepository(Comment).findBy({ id: In([...ids]) }), (c) => c.id),
  );
}

/**
 * A page of approved comments, oldest first (created_at, id), under many parents in one
 * statement (db/comment-pages.ts says whose). The front page reads its articles' first
 * page in its own statement and primes the article loader with it (`primePage`).
 */
function approvedCommentsPage(ds: DataSource, parentColumn: CommentParent) {
  const ofParent = approvedCommentsOf(parentColumn, 'k.id');
  return pagedLoader<PagedComment & PagedRow>(
    async (ids: number[], page: PageRequest, withTotal: boolean) => {
      const params: unknown[] = [ids];
      const ofPage = approvedCommentsPageClauses(parentColumn, 'k.id', page, params);
      return ds.query(
        lateralPageSql(
          withTotal ? `SELECT count(*)::int AS total FROM comment c WHERE ${ofParent}` : null,
          `SELECT ${selectList(ds, Comment, 'c')}, ${exactTimestampSql('c.created_at')} AS "_sort" FROM comment c ${ofPage.clauses}`,
        ),
        params,
      );
    },
    (c) => [c._sort, c.id!],
  );
}

export const approvedCommentsPageByArticleId = (ds: DataSource) => approvedCommentsPage(ds, 'article_id');
export const approvedRepliesPageByCommentId = (ds: DataSource) => approvedCommentsPage(ds, 'parent_id');
