import type { ResolversParentTypes, SubscriptionResolvers } from '../generated/graphql';
import type { RequestContext } from '../context';
import { createLoaders } from '../loaders';
import { codedError } from '../schema/errors';
import { expectGlobalId } from '../schema/global-id';
import { commentRuntimeOf } from './CommentMutations';

export const Subscription: SubscriptionResolvers = {
  commentAdded: {
    subscribe: async (_, { articleId }, ctx) => {
      const { id } = expectGlobalId('articleId', articleId, ['Article']);
      if (!(await ctx.loaders.articleById.load(id))) throw codedError('NOT_FOUND', `articleId: no article has the id "${articleId}"`);
      return commentRuntimeOf(ctx).events.approvedOn(id);
    },
    // Every event is read afresh: the subscription's context lives for the whole
    // subscription, and its loaders would otherwise serve what they cached at the first event.
    resolve: (comment: ResolversParentTypes['Comment'], _args: unknown, ctx: RequestContext) => {
      ctx.loaders = createLoaders(ctx.db);
      return comment;
    },
  },
};
