import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { selectList } from '../../db/sql';
import { Comment, type CommentStatus, type ModerationAction } from '../../entities';
import type { Viewer } from '../auth/viewer';
import type { CommentRuntime } from './runtime';
import { userError, type UserError } from '../../schema/user-errors';
import { validateReason } from './validation';
import { clientKey, purge } from '../purge';

export const STATUS_AFTER: Record<ModerationAction, CommentStatus> = {
  approve: 'approved',
  reject: 'rejected',
  mark_spam: 'spam',
  delete: 'deleted',
};

export interface ModerateCommentResult {
  comment: Comment | null;
  userErrors: UserError[];
}

export interface ModerateDeps {
  db: DataSource;
  runtime: CommentRuntime;
  logger: Logger;
}

/**
 * One moderation action, in one transaction: the comment's new state, the article's
 * approved count moved by the same step, and the audit entry (who, when, what, why).
 * DELETED is final; acting to the state a comment already has is a CONFLICT, not a log entry.
 */
export async function moderateComment(
  deps: ModerateDeps,
  actor: Viewer,
  commentId: number,
  globalId: string,
  action: ModerationAction,
  reasonInput: string | null | undefined,
): Promise<ModerateCommentResult> {
  const reason = validateReason(reasonInput);
  if ('error' in reason) return { comment: null, userErrors: [reason.error] };
  const to = STATUS_AFTER[action];

  const result = await deps.db.transaction(async (m): Promise<ModerateCommentResult & { from?: CommentStatus }> => {
    const [current]: Comment[] = await m.query(`SELECT ${selectList(deps.db, Comment, 'c')} FROM comment c WHERE c.id = $1 FOR UPDATE`, [commentId]);
    if (!current) return { comment: null, userErrors: [userError('id', 'NOT_FOUND', `id: no comment has the id "${globalId}"`)] };
    const from = current.status;
    if (from === 'deleted') return { comment: null, userErrors: [userError('id', 'CONFLICT', `id: comment "${globalId}" is deleted; deleted comments stay deleted`)] };
    if (from === to) return { comment: null, userErrors: [userError('id', 'CONFLICT', `id: comment "${globalId}" is already ${to.toUpperCase()}`)] };

    await m.query(`UPDATE comment SET status = $2 WHERE id = $1`, [commentId, to]);
    const delta = (to === 'approved' ? 1 : 0) - (from === 'approved' ? 1 : 0);
    if (delta) await m.query(`UPDATE article SET comment_count = comment_count + $2 WHERE id = $1`, [current.articleId, delta]);
    await m.query(
      `INSERT INTO moderation_log (comment_id, action, from_status, to_status, reason, actor_token_id, actor_name)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [commentId, action, from, to, reason.value, actor.tokenId, actor.name],
    );
    return { comment: { ...current, status: to }, userErrors: [], from };
  });

  if (result.comment) {
    deps.logger.info({ commentId, action, fromStatus: result.from, toStatus: to, actor: actor.name }, 'comment moderated');
    if (to === 'approved') deps.runtime.events.publishApproved(result.comment);
    // Published or withdrawn: the article's answers (comments, count) are stale everywhere.
    if (to === 'approved' || result.from === 'approved') {
      await purge({ articles: [result.comment.articleId], comments: [commentId] }, `comment ${action}`, clientKey(actor, ''));
    }
  }
  return { comment: result.comment, userErrors: result.userErrors };
}
