import type { CommentResolvers } from '../generated/graphql';
import { toGlobalId } from '../schema/global-id';
import { enumValue } from '../schema/scalars';
import { commentReplies } from '../loaders/parts/article';
import { alongField } from './read-along';

export const Comment: CommentResolvers = {
  id: (c) => toGlobalId('Comment', c.id),
  status: (c) => enumValue(c.status),
  article: async (c, _, ctx) => (await ctx.loaders.articleById.load(c.articleId))!,
  parent: async (c, _, ctx) => {
    if (!c.parentId) return null;
    const parent = await ctx.loaders.commentById.load(c.parentId);
    return parent?.status === 'approved' ? parent : null;
  },
  replies: alongField(commentReplies),
};
