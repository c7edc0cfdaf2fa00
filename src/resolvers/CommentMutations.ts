import type { MutationResolvers } from '../generated/graphql';
import type { RequestContext } from '../context';
import { decodeGlobalId } from '../schema/global-id';
import { requireRole } from '../services/auth/require-role';
import { addComment } from '../services/comments/add-comment';
import { moderateComment } from '../services/comments/moderate-comment';
import type { CommentRuntime } from '../services/comments/runtime';
import { userError } from '../schema/user-errors';
import { storedValue } from '../schema/scalars';

/** Who may moderate: MODERATOR and ADMIN. */
export const MODERATORS = ['moderator', 'admin'] as const;

export function commentRuntimeOf(ctx: RequestContext): CommentRuntime {
  if (!ctx.commentRuntime) throw new Error('the comment runtime is not configured (createApp builds it)');
  return ctx.commentRuntime;
}

export const CommentMutations: MutationResolvers = {
  addComment: (_, { input }, ctx) =>
    addComment({ db: ctx.db, config: ctx.config, runtime: commentRuntimeOf(ctx), logger: ctx.logger }, input, ctx.clientAddress),

  moderateComment: async (_, { id, action, reason }, ctx) => {
    const actor = requireRole(ctx.viewer, MODERATORS, 'moderateComment');
    const decoded = decodeGlobalId(id);
    if (decoded?.type !== 'Comment') {
      return { comment: null, userErrors: [userError('id', 'INVALID', `id: expected the id of a Comment, got "${id.slice(0, 80)}"`)] };
    }
    return moderateComment(
      { db: ctx.db, runtime: commentRuntimeOf(ctx), logger: ctx.logger },
      actor,
      decoded.id,
      id,
      storedValue(action),
      reason,
    );
  },
};
