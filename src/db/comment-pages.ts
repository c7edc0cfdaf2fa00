import type { DataSource } from 'typeorm';
import { Comment } from '../entities';
import type { PageRequest } from '../services/pagination';
import { exactTimestampSql, keysetSql, positionalRow, type PageAhead, type ReadPage } from './sql';

/** Whose approved comments: top-level ones of an article (partial index comment_article_idx) or replies to a comment (comment_parent_idx). */
export type CommentParent = 'article_id' | 'parent_id';

/** A comment as a page reads it: the entity, and its exact sort instant for cursors. */
export type PagedComment = Comment & { _sort: string };

/** The approved comments under `parentExpr` (an SQL expression of the enclosing query), `alias` being the comment. */
export function approvedCommentsOf(parentColumn: CommentParent, parentExpr: string, alias = 'c'): string {
  return `${alias}.${parentColumn} = ${parentExpr} AND ${alias}.status = 'approved'${parentColumn === 'article_id' ? ` AND ${alias}.parent_id IS NULL` : ''}`;
}

/**
 * `WHERE … ORDER BY … LIMIT` of one page of the approved comments under `parentExpr`,
 * oldest first (keyset on (created_at, id)), `c` being the comment; its parameters are
 * appended to `params`. Shared by the comment loaders and the front page's statement.
 */
export function approvedCommentsPageClauses(parentColumn: CommentParent, parentExpr: string, page: PageRequest, params: unknown[], alias = 'c') {
  const keyset = keysetSql(page, `${alias}.created_at`, `${alias}.id`, params);
  params.push(page.limit + 1);
  return {
    clauses: `WHERE ${approvedCommentsOf(parentColumn, parentExpr, alias)} AND ${keyset.where} ORDER BY ${keyset.order} LIMIT $${params.length}`,
    order: keyset.order,
  };
}

/** A comment of such a page, with the page of its replies when they were read along. */
export type PagedCommentWithReplies = PagedComment & { _replies?: ReadPage<PagedComment> };

interface PageSql {
  page: string;
  total: string | null;
  read(values: unknown[][], count: number | null | undefined): ReadPage<PagedCommentWithReplies>;
}

/**
 * One page of approved comments under `parentExpr` (oldest first, keyset on (created_at, id))
 * as SQL expressions of the enclosing statement: a JSON array of positional rows (each
 * comment's columns, its exact sort instant, and, with `replies`, the first page of its own
 * approved replies read the same way) and the count when asked for. The parameters it needs
 * are appended to `params`.
 */
function commentsPageSql(ds: DataSource, parentColumn: CommentParent, parentExpr: string, alias: string, ahead: PageAhead, params: unknown[], replies: PageAhead | null): PageSql {
  const row = positionalRow(ds, Comment, alias);
  const ofPage = approvedCommentsPageClauses(parentColumn, parentExpr, ahead.page, params, alias);
  const nested: PageSql | null = replies ? commentsPageSql(ds, 'parent_id', `${alias}.id`, `${alias}r`, replies, params, null) : null;
  // The aggregate keeps the page's order explicitly (an ordered subquery alone does not promise it).
  const page = `(SELECT COALESCE(json_agg(json_build_array(${row.columns}, ${exactTimestampSql(`${alias}.created_at`)}${nested ? `, ${nested.page}, ${nested.total ?? 'NULL'}` : ''}) ORDER BY ${ofPage.order}), '[]')
                  FROM (SELECT ${row.columns} FROM comment ${alias} ${ofPage.clauses}) ${alias})`;
  const total = ahead.withTotal ? `(SELECT count(*)::int FROM comment ${alias} WHERE ${approvedCommentsOf(parentColumn, parentExpr, alias)})` : null;
  const read = (values: unknown[][], count: number | null | undefined): ReadPage<PagedCommentWithReplies> => ({
    rows: values.map((v) => {
      const comment = row.hydrate(v) as PagedCommentWithReplies;
      comment._sort = v[row.width] as string;
      if (nested) comment._replies = nested.read(v[row.width + 1] as unknown[][], v[row.width + 2] as number | null);
      return comment;
    }),
    total: ahead.withTotal ? count! : null,
  });
  return { page, total, read };
}

/**
 * One page of an article's approved top-level comments as SELECT expressions of the
 * enclosing statement: `_comments`, a JSON array of positional rows (with `replies`, each
 * comment carries the first page of its replies), and `_commentTotal` when the total is
 * asked for. The front page's and the article page's statements read their comments this
 * way and need no statement of their own; the parameters it needs are appended to `params`.
 */
export function articleCommentsColumns(ds: DataSource, articleExpr: string, ahead: PageAhead, params: unknown[], replies: PageAhead | null = null) {
  const { page, total, read } = commentsPageSql(ds, 'article_id', articleExpr, 'c', ahead, params, replies);
  return {
    sql: `${page} AS "_comments"${total ? `, ${total} AS "_commentTotal"` : ''}`,
    /** The page's rows (limit + 1 at most, in the page's reading order) and the total when asked for. */
    read: (r: { _comments: unknown[][]; _commentTotal?: number }) => read(r._comments, r._commentTotal),
  };
}
