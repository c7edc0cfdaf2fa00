import type { QueryResolvers, ResolversInterfaceTypes, ResolversTypes } from '../generated/graphql';
import { listArticles } from '../services/articles/list-articles';
import { listEntities, listEvents, listTopics } from '../services/entities/list-entities';
import { userInputError } from '../schema/errors';
import { ENTITY_TYPE_OF_KIND } from '../schema/global-id';
import { articleBySlugAlong, entityBySlugAlong, readAlong } from '../loaders/parts';
import type { RequestContext } from '../context';
import { loadNode } from './Node';
import { asksForNodeField, asksForTotal } from './selection';
import { planAlong, planAlongNodes } from './read-along';
import type { GraphQLResolveInfo } from 'graphql';

const MAX_NODES = 100;

type NodeRow = ResolversInterfaceTypes<ResolversTypes>['Node'];

/** `Query.person`, `organization`, `place`: the entity by slug, its statement reading along the parts its selection asks for. */
function entityPage(ctx: RequestContext, kind: keyof typeof ENTITY_TYPE_OF_KIND, slug: string, info: GraphQLResolveInfo) {
  const planned = planAlong(info, ENTITY_TYPE_OF_KIND[kind], info.fieldNodes);
  if (!planned.length) return ctx.loaders.entityBySlug.load({ kind, slug });
  return entityBySlugAlong(ctx.db, kind, slug, readAlong(planned, ctx.loaders.part));
}

export const Query: QueryResolvers = {
  node: (_, { id }, ctx) => loadNode(ctx, id),
  nodes: (_, { ids }, ctx) => {
    if (ids.length > MAX_NODES) throw userInputError('ids', `at most ${MAX_NODES} ids, got ${ids.length}`);
    // A bad id fails its own position (null plus an error with its path), not the list: one promise per position.
    // (codegen types a nullable list item as `Promise<T> | null`, not `Promise<T | null>`.)
    return ids.map((id, i) => loadNode(ctx, id, `ids[${i}]`)) as Promise<NodeRow>[];
  },
  // These read along, in their own statement, the parts their selection asks for.
  article: (_, { slug }, ctx, info) => {
    const planned = planAlong(info, 'Article', info.fieldNodes);
    if (!planned.length) return ctx.loaders.articleBySlug.load(slug);
    return articleBySlugAlong(ctx.db, slug, readAlong(planned, ctx.loaders.part));
  },
  person: (_, { slug }, ctx, info) => entityPage(ctx, 'person', slug, info),
  organization: (_, { slug }, ctx, info) => entityPage(ctx, 'organization', slug, info),
  place: (_, { slug }, ctx, info) => entityPage(ctx, 'place', slug, info),
  event: (_, { slug }, ctx) => ctx.loaders.eventBySlug.load(slug),
  topic: (_, { slug }, ctx) => ctx.loaders.topicBySlug.load(slug),
  articles: (_, args, ctx, info) => {
    const planned = planAlongNodes(info, 'Article');
    const along = planned.length ? readAlong(planned, ctx.loaders.part) : null;
    return listArticles(ctx.db, args, { withBody: asksForNodeField(info, 'body'), withTotal: asksForTotal(info), along });
  },
  people: (_, args, ctx) => listEntities(ctx.db, 'person', args),
  organizations: (_, args, ctx) => listEntities(ctx.db, 'organization', args),
  places: (_, args, ctx) => listEntities(ctx.db, 'place', args),
  events: (_, args, ctx) => listEvents(ctx.db, args),
  topics: (_, args, ctx) => listTopics(ctx.db, args),
};
