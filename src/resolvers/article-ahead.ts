import type { GraphQLResolveInfo } from 'graphql';
import type { Loaders } from '../loaders';
import { readArticle, type ArticleAhead, type ReadArticle } from '../services/articles/read-article';
import type { RequestContext } from '../http/context';
import { childFields, connectionNodeFields, fieldCalls, onePage } from './selection';
import { commentsPage, relatedCount } from './Article';
import { repliesPage } from './Comment';

/** What an article's selection asks of it, and every `related(first)` it asks for (the statement reads the most). */
interface ArticleLookAhead {
  ahead: ArticleAhead;
  relatedFirsts: number[];
}

/** What the selection of the article being resolved (`Query.article`) asks of it, or null for none of its parts. */
function articleAhead(info: GraphQLResolveInfo): ArticleLookAhead | null {
  const asked = (field: string) => childFields(info, info.fieldNodes, field);
  const events = asked('events');
  const commentCalls = fieldCalls(info, 'Article', 'comments', asked('comments'));
  const comments = onePage(commentCalls, commentsPage);
  const replyFields = connectionNodeFields(info, commentCalls.flatMap((c) => c.nodes), 'replies');
  const relatedCalls = fieldCalls(info, 'Article', 'related', asked('related'));
  const firsts = relatedCalls.flatMap((c) => {
    try {
      return [relatedCount(c.args.first as number | null | undefined)];
    } catch {
      return []; // reported by Article.related
    }
  });
  const ahead: ArticleAhead = {
    source: asked('source').length > 0,
    mentions: asked('mentions').length > 0,
    events: events.length ? { withPlaces: childFields(info, events, 'place').length > 0 } : null,
    comments: comments && { ...comments, replies: onePage(fieldCalls(info, 'Comment', 'replies', replyFields), repliesPage) },
    related: firsts.length
      ? { first: Math.max(...firsts), withBody: relatedCalls.some((c) => childFields(info, c.nodes, 'body').length > 0) }
      : null,
  };
  const asksAny = ahead.source || ahead.mentions || ahead.events || ahead.comments || ahead.related;
  return asksAny ? { ahead, relatedFirsts: firsts } : null;
}

/** Hands the parts read along with an article to the loaders its fields will call: they have nothing left to fetch. */
function primeArticle(loaders: Loaders, read: ReadArticle, { ahead, relatedFirsts }: ArticleLookAhead): void {
  const { article } = read;
  if (read.source && article.sourceId) loaders.sourceById.prime(article.sourceId, read.source);
  if (read.mentions) loaders.mentionsByArticleId.prime(article.id, read.mentions);
  if (read.events) {
    loaders.eventsByArticleId.prime(article.id, read.events);
    for (const event of read.events) if (event._place && event.placeId) loaders.entityById.prime(event.placeId, event._place);
  }
  if (read.comments && ahead.comments) {
    const { page, withTotal, replies } = ahead.comments;
    loaders.approvedCommentsPageByArticleId.primePage({ id: article.id, page, withTotal }, read.comments.rows, read.comments.total);
    for (const comment of read.comments.rows) {
      if (replies && comment._replies) loaders.approvedRepliesPageByCommentId.primePage({ id: comment.id, ...replies }, comment._replies.rows, comment._replies.total);
    }
  }
  if (read.related && ahead.related) {
    for (const first of new Set(relatedFirsts)) {
      loaders.relatedArticles.prime({ articleId: article.id, first }, read.related.slice(0, first));
    }
  }
}

/** `Query.article`: the article by slug, its statement reading along the parts its selection asks for. */
export async function articlePage(ctx: RequestContext, slug: string, info: GraphQLResolveInfo) {
  const lookAhead = articleAhead(info);
  if (!lookAhead) return ctx.loaders.articleBySlug.load(slug);
  const read = await readArticle(ctx.db, slug, lookAhead.ahead);
  if (!read) return null;
  primeArticle(ctx.loaders, read, lookAhead);
  return read.article;
}
