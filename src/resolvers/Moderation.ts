import type { ModerationLogEntryResolvers, QueryResolvers } from '../generated/graphql';
import type { CommentStatus, ModerationAction } from '../entities';
import { requireRole } from '../services/auth/require-role';
import { listCommentsByStatus, listModerationLog } from '../services/comments/moderation-lists';
import { MODERATORS } from './CommentMutations';

const upper = <T extends string>(s: string) => s.toUpperCase() as T;

/** Query fields for staff: the moderation queue (MODERATOR, ADMIN), the audit trail (ADMIN), viewer. */
export const ModerationQueries: QueryResolvers = {
  moderationQueue: (_, { first, after, status }, ctx) => {
    requireRole(ctx.viewer, MODERATORS, 'moderationQueue');
    return listCommentsByStatus(ctx.db, (status ?? 'PENDING').toLowerCase() as CommentStatus, { first, after });
  },
  moderationLog: (_, { first, after }, ctx) => {
    requireRole(ctx.viewer, ['admin'], 'moderationLog');
    return listModerationLog(ctx.db, { first, after });
  },
  viewer: (_, __, ctx) => (ctx.viewer ? { name: ctx.viewer.name, role: upper(ctx.viewer.role) } : null),
};

export const ModerationLogEntry: ModerationLogEntryResolvers = {
  // Not a Node: entries are only reached through moderationLog.
  id: (e) => String(e.id),
  action: (e) => upper<Uppercase<ModerationAction>>(e.action),
  fromStatus: (e) => upper<Uppercase<CommentStatus>>(e.fromStatus),
  toStatus: (e) => upper<Uppercase<CommentStatus>>(e.toStatus),
  actor: (e) => e.actorName,
  comment: async (e, _, ctx) => (await ctx.loaders.commentById.load(e.commentId))!,
};
