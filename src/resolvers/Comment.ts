import type { CommentResolvers } from '../generated/graphql';
import { toGlobalId } from '../schema/global-id';
import { pageRequest, type PageArgs } from '../services/pagination';
import { asksForTotal } from './selection';

/** The page `Comment.replies(first, after, last, before)` asks for: 5 replies unless told. */
export const repliesPage = (args: PageArgs) => pageRequest(args, 5, 'timestamp');

export const Comment: CommentResolvers = {
  id: (c) => toGlobalId('Comment', c.id),
  status: (c) => c.status.toUpperCase() as never,
  article: async (c, _, ctx) => (await ctx.loaders.articleById.load(c.articleId))!,
  parent: async (c, _, ctx) => {
    if (!c.parentId) return null;
    const parent = await ctx.loaders.commentById.load(c.parentId);
    return parent?.status === 'approved' ? parent : null;
  },
  replies: (c, args, ctx, info) =>
    ctx.loaders.approvedRepliesPageByCommentId.now({ id: c.id, page: repliesPage(args), withTotal: asksForTotal(info) }),
};
