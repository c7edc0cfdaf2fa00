import type { ArticleResolvers } from '../generated/graphql';
import { toGlobalId } from '../schema/global-id';
import { userInputError } from '../schema/errors';
import { pageRequest, type PageArgs } from '../services/pagination';
import { asksForTotal } from './selection';

const MAX_RELATED = 20;

/** The page `Article.comments(first, after, last, before)` asks for: 10 comments unless told. */
export const commentsPage = (args: PageArgs) => pageRequest(args, 10, 'timestamp');

/** How many articles `Article.related(first)` asks for: 5 unless told, at most MAX_RELATED. */
export function relatedCount(first: number | null | undefined): number {
  const n = first ?? 5;
  if (n < 0 || n > MAX_RELATED) throw userInputError('first', `must be between 0 and ${MAX_RELATED}, got ${n}`);
  return n;
}

export const Article: ArticleResolvers = {
  id: (a) => toGlobalId('Article', a.id),
  source: (a, _, ctx) => (a.sourceId ? ctx.loaders.sourceById.load(a.sourceId) : null),
  mentions: (a, _, ctx) => ctx.loaders.mentionsByArticleId.load(a.id),
  people: async (a, _, ctx) => (await ctx.loaders.entitiesByArticleId.load(a.id)).filter((e) => e.kind === 'person'),
  organizations: async (a, _, ctx) => (await ctx.loaders.entitiesByArticleId.load(a.id)).filter((e) => e.kind === 'organization'),
  places: async (a, _, ctx) => (await ctx.loaders.entitiesByArticleId.load(a.id)).filter((e) => e.kind === 'place'),
  topics: (a, _, ctx) => ctx.loaders.topicsByArticleId.load(a.id),
  events: (a, _, ctx) => ctx.loaders.eventsByArticleId.load(a.id),
  comments: (a, args, ctx, info) =>
    ctx.loaders.approvedCommentsPageByArticleId.load({ id: a.id, page: commentsPage(args), withTotal: asksForTotal(info) }),
  related: (a, { first }, ctx) => ctx.loaders.relatedArticles.load({ articleId: a.id, first: relatedCount(first) }),
};

export const Mention = {
  entity: (m: { entity: object }) => m.entity,
};
