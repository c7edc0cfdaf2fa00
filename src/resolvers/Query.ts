import type { QueryResolvers } from '../generated/graphql';
import { listArticles } from '../services/articles/list-articles';
import { listEntities, listEvents, listTopics } from '../services/entities/list-entities';
import { userInputError } from '../schema/errors';
import { loadNode } from './Node';
import { commentsPage } from './Article';
import { asksForNodeField, asksForTotal, nodeFieldCalls, onePage } from './selection';
import { articlePage } from './article-ahead';
import { entityPage } from './entity-ahead';

const MAX_NODES = 100;

/** Article fields served by the article's tags (loaders/tags.ts). */
const TAG_FIELDS = ['people', 'organizations', 'places', 'topics'];

export const Query: QueryResolvers = {
  node: (_, { id }, ctx) => loadNode(ctx, id) as never,
  nodes: (_, { ids }, ctx) => {
    if (ids.length > MAX_NODES) throw userInputError('ids', `at most ${MAX_NODES} ids, got ${ids.length}`);
    // A bad id fails its own position (null plus an error with its path), not the list.
    return Promise.all(ids.map((id, i) => loadNode(ctx, id, `ids[${i}]`).catch((e: Error) => e))) as never;
  },
  // These read along, in their own statement, the parts their selection asks for.
  article: (_, { slug }, ctx, info) => articlePage(ctx, slug, info),
  person: (_, { slug }, ctx, info) => entityPage(ctx, 'person', slug, info),
  organization: (_, { slug }, ctx, info) => entityPage(ctx, 'organization', slug, info),
  place: (_, { slug }, ctx, info) => entityPage(ctx, 'place', slug, info),
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
