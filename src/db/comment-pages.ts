import type { DataSource } from 'typeorm';
import { Comment } from '../entities';
import type { PageRequest } from '../services/pagination';
import { exactTimestampSql, keysetSql, positionalRow } from './sql';

/** Whose approved comments: top-level ones of an article (partial index comment_article_idx) or replies to a comment (comment_parent_idx). */
export type CommentParent = 'article_id' | 'parent_id';

/** A comment as a page reads it: the entity, and its exact sort instant for cursors. */
export type PagedComment = Comment & { _sort: string };

/** The approved comments under `parentExpr` (an SQL expression of the enclosing query), `c` being the comment. */
export function approvedCommentsOf(parentColumn: CommentParent, parentExpr: string): string {
  return `c.${parentColumn} = ${parentExpr} AND c.status = 'approved'${parentColumn === 'article_id' ? ' AND c.parent_id IS NULL' : ''}`;
}

/**
 * `WHERE … ORDER BY … LIMIT` of one page of the approved comments under `parentExpr`,
 * oldest first (keyset on (created_at, id)), `c` being the comment; its parameters are
 * appended to `params`. Shared by the comment loaders and the front page's statement.
 */
export function approvedCommentsPageClauses(parentColumn: CommentParent, parentExpr: string, page: PageRequest, params: unknown[]) {
  const keyset = keysetSql(page, 'c.created_at', 'c.id', params);
  params.push(page.limit + 1);
  return {
    clauses: `WHERE ${approvedCommentsOf(parentColumn, parentExpr)} AND ${keyset.where} ORDER BY ${keyset.order} LIMIT $${params.length}`,
    order: keyset.order,
  };
}

/**
 * One page of an article's approved top-level comments (oldest first, keyset on
 * (created_at, id)) as SELECT expressions of the enclosing statement: `_comments`, a JSON
 * array of positional rows, and `_commentTotal` when the total is asked for. The front
 * page's statement reads its articles' first comments this way and needs no second
 * statement; the parameters it needs are appended to `params`.
 */
export function articleCommentsColumns(ds: DataSource, articleExpr: string, page: PageRequest, withTotal: boolean, params: unknown[]) {
  const row = positionalRow(ds, Comment, 'c');
  const ofPage = approvedCommentsPageClauses('article_id', articleExpr, page, params);
  // The aggregate keeps the page's order explicitly (an ordered subquery alone does not promise it).
  const sql = `(SELECT COALESCE(json_agg(json_build_array(${row.columns}, ${exactTimestampSql('c.created_at')}) ORDER BY ${ofPage.order}), '[]')
                  FROM (SELECT ${row.columns} FROM comment c ${ofPage.clauses}) c) AS "_comments"
               ${withTotal ? `, (SELECT count(*)::int FROM comment c WHERE ${approvedCommentsOf('article_id', articleExpr)}) AS "_commentTotal"` : ''}`;
  const sortAt = row.width;
  return {
    sql,
    /** The page's rows (limit + 1 at most, in the page's reading order) and the total when asked for. */
    read: (r: { _comments: unknown[][]; _commentTotal?: number }): { rows: PagedComment[]; total: number | null } => ({
      rows: r._comments.map((values) => {
        const comment = row.hydrate(values) as PagedComment;
        comment._sort = values[sortAt] as string;
        return comment;
      }),
      total: withTotal ? r._commentTotal! : null,
    }),
  };
}
