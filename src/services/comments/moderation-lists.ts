import type { DataSource } from 'typeorm';
import { keysetSql, selectList } from '../../db/sql';
import { Comment, ModerationLogEntry, type CommentStatus } from '../../entities';
import { pageRequest, toConnection, type Connection, type PageArgs } from '../../pagination';

/**
 * Comments in one moderation state, oldest first (a queue). Ids grow with creation time,
 * so the id alone is an exact keyset.
 */
export async function listCommentsByStatus(ds: DataSource, status: CommentStatus, args: PageArgs): Promise<Connection<Comment>> {
  const page = pageRequest(args, 20);
  const params: unknown[] = [status];
  const keyset = keysetSql(page, 'c.id', 'c.id', params);
  params.push(page.limit + 1);
  const rows: Comment[] = await ds.query(
    `SELECT ${selectList(ds, Comment, 'c')} FROM comment c
      WHERE c.status = $1 AND ${keyset.where} ORDER BY ${keyset.order} LIMIT $${params.length}`,
    params,
  );
  return toConnection(rows, page, (c) => [c.id, c.id], async () => {
    const [row] = await ds.query(`SELECT count(*)::int AS n FROM comment WHERE status = $1`, [status]);
    return row.n;
  });
}

/** The audit trail, newest first. */
export async function listModerationLog(ds: DataSource, args: PageArgs): Promise<Connection<ModerationLogEntry>> {
  const page = pageRequest(args, 20);
  const params: unknown[] = [];
  const keyset = keysetSql(page, 'l.id', 'l.id', params, true);
  params.push(page.limit + 1);
  const rows: ModerationLogEntry[] = await ds.query(
    `SELECT ${selectList(ds, ModerationLogEntry, 'l')} FROM moderation_log l
      WHERE ${keyset.where} ORDER BY ${keyset.order} LIMIT $${params.length}`,
    params,
  );
  return toConnection(rows, page, (l) => [l.id, l.id], async () => {
    const [row] = await ds.query(`SELECT count(*)::int AS n FROM moderation_log`);
    return row.n;
  });
}
