import type { ArticleResolvers } from '../generated/graphql';
import { toGlobalId } from '../schema/global-id';
import { userInputError } from '../schema/errors';
import { pageRequest, type PageArgs } from '../services/pagination';
import { asksForTotal } from './selection';
import { thenNow } from '../loaders/primable';

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
  // `now`: what the article's own statement read along (front page, article page) answers at once.
  source: (a, _, ctx) => (a.sourceId ? ctx.loaders.sourceById.now(a.sourceId) : null),
  mentions: (a, _, ctx) => ctx.loaders.mentionsByArticleId.now(a.id),
  people: (a, _, ctx) => thenNow(ctx.loaders.articleTagsByArticleId.now(a.id), (t) => t.entities.filter((e) => e.kind === 'person')),
  organizations: (a, _, ctx) => thenNow(ctx.loaders.articleTagsByArticleId.now(a.id), (t) => t.entities.filter((e) => e.kind === 'organization')),
  places: (a, _, ctx) => thenNow(ctx.loaders.articleTagsByArticleId.now(a.id), (t) => t.entities.filter((e) => e.kind === 'place')),
  topics: (a, _, ctx) => thenNow(ctx.loaders.articleTagsByArticleId.now(a.id), (t) => t.topics),
  events: (a, _, ctx) => ctx.loaders.eventsByArticleId.now(a.id),
  comments: (a, args, ctx, info) =>
    ctx.loaders.approvedCommentsPageByArticleId.now({ id: a.id, page: commentsPage(args), withTotal: asksForTotal(info) }),
  related: (a, { first }, ctx) => ctx.loaders.relatedArticles.now({ articleId: a.id, first: relatedCount(first) }),
};

export const Mention = {
  entity: (m: { entity: object }) => m.entity,
};
