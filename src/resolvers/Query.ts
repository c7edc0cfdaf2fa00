import type { QueryResolvers } from '../generated/graphql';
import { listArticles } from '../services/articles/list-articles';
import { listEntities, listEvents, listTopics } from '../services/entities/list-entities';
import { userInputError } from '../schema/errors';
import { loadNode } from './Node';
import { commentsPage } from './Article';
import { asksForNodeField, asksForTotal, nodeFieldCalls } from './selection';
import { articleAhead, onePage, primeArticle } from './article-ahead';
import { readArticle } from '../services/articles/read-article';
import { readEntity, type EntityAhead } from '../services/entities/read-entity';
import { entityAhead, primeEntity } from './entity-ahead';
import type { RequestContext } from '../http/context';
import type { EntityKind } from '../entities';

const MAX_NODES = 100;

/** Article fields served by the article's tags (loaders/tags.ts). */
const TAG_FIELDS = ['people', 'organizations', 'places', 'topics'];

/** An entity by slug; its statement reads along the parts its selection asks for (country, affiliations, articles). */
async function entityPage(ctx: RequestContext, kind: EntityKind, slug: string, ahead: EntityAhead | null) {
  if (!ahead) return ctx.loaders.entityBySlug.load({ kind, slug });
  const read = await readEntity(ctx.db, kind, slug, ahead);
  if (!read) return null;
  primeEntity(ctx.loaders, read, ahead);
  return read.entity;
}

export const Query: QueryResolvers = {
  node: (_, { id }, ctx) => loadNode(ctx, id) as never,
  nodes: (_, { ids }, ctx) => {
    if (ids.length > MAX_NODES) throw userInputError('ids', `at most ${MAX_NODES} ids, got ${ids.length}`);
    // A bad id fails its own position (null plus an error with its path), not the list.
    return Promise.all(ids.map((id, i) => loadNode(ctx, id, `ids[${i}]`).catch((e: Error) => e))) as never;
  },
  article: async (_, { slug }, ctx, info) => {
    // The article's statement reads along the parts its selection asks for (mentions, comments, related…).
    const lookAhead = articleAhead(info);
    if (!lookAhead) return ctx.loaders.articleBySlug.load(slug);
    const read = await readArticle(ctx.db, slug, lookAhead.ahead);
    if (!read) return null;
    primeArticle(ctx.loaders, read, lookAhead);
    return read.article;
  },
  person: (_, { slug }, ctx, info) => entityPage(ctx, 'person', slug, entityAhead(info, 'Person')),
  organization: (_, { slug }, ctx, info) => entityPage(ctx, 'organization', slug, entityAhead(info, 'Organization')),
  place: (_, { slug }, ctx, info) => entityPage(ctx, 'place', slug, entityAhead(info, 'Place')),
  event: (_, { slug }, ctx) => ctx.loaders.eventBySlug.load(slug),
  topic: (_, { slug }, ctx) => ctx.loaders.topicBySlug.load(slug),
  articles: async (_, args, ctx, info) => {
    const withTags = TAG_FIELDS.some((field) => asksForNodeField(info, field));
    const withComments = onePage(nodeFieldCalls(info, 'Article', 'comments'), commentsPage);
    const connection = await listArticles(ctx.db, args, { withBody: asksForNodeField(info, 'body'), withTotal: asksForTotal(info), withTags, withComments });
    // The page's statement brought the tags and comments along: their loaders have nothing left to fetch.
    for (const { node } of connection.edges) {
      if (node.tags) ctx.loaders.articleTagsByArticleId.prime(node.id, node.tags);
      if (node.comments && withComments) {
        ctx.loaders.approvedCommentsPageByArticleId.primePage({ id: node.id, ...withComments }, node.comments.rows, node.comments.total);
      }
    }
    return connection;
  },
  people: (_, args, ctx) => listEntities(ctx.db, 'person', args),
  organizations: (_, args, ctx) => listEntities(ctx.db, 'organization', args),
  places: (_, args, ctx) => listEntities(ctx.db, 'place', args),
  events: (_, args, ctx) => listEvents(ctx.db, args),
  topics: (_, args, ctx) => listTopics(ctx.db, args),
};
