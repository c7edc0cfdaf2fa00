import type { ModerationLogEntryResolvers, QueryResolvers } from '../generated/graphql';
import { enumValue, storedValue } from '../schema/scalars';
import { requireRole } from '../services/auth/require-role';
import { listCommentsByStatus, listModerationLog } from '../services/comments/moderation-lists';
import { MODERATORS } from './CommentMutations';

/** Query fields for staff: the moderation queue (MODERATOR, ADMIN), the audit trail (ADMIN), viewer. */
export const ModerationQueries: QueryResolvers = {
  moderationQueue: (_, { first, after, status }, ctx) => {
    requireRole(ctx.viewer, MODERATORS, 'moderationQueue');
    return listCommentsByStatus(ctx.db, storedValue(status ?? 'PENDING'), { first, after });
  },
  moderationLog: (_, { first, after }, ctx) => {
    requireRole(ctx.viewer, ['admin'], 'moderationLog');
    return listModerationLog(ctx.db, { first, after });
  },
  viewer: (_, __, ctx) => (ctx.viewer ? { name: ctx.viewer.name, role: enumValue(ctx.viewer.role) } : null),
};

export const ModerationLogEntry: ModerationLogEntryResolvers = {
  // Not a Node: entries are only reached through moderationLog.
  id: (e) => String(e.id),
  action: (e) => enumValue(e.action),
  fromStatus: (e) => enumValue(e.fromStatus),
  toStatus: (e) => enumValue(e.toStatus),
  actor: (e) => e.actorName,
  comment: async (e, _, ctx) => (await ctx.loaders.commentById.load(e.commentId))!,
};
