import type { GraphQLResolveInfo } from 'graphql';
import type { AffiliationResolvers, OrganizationResolvers, PersonResolvers, PlaceResolvers } from '../generated/graphql';
import type { NamedEntity } from '../entities/NamedEntity';
import type { RequestContext } from '../http/context';
import { toGlobalId } from '../schema/global-id';
import { userInputError } from '../schema/errors';
import { pageRequest, type PageArgs } from '../services/pagination';
import { asksForTotal } from './selection';
import { thenNow } from '../loaders/primable';

/** The page `articles(first, after, last, before)` of an entity asks for: 10 articles unless told. */
export const entityArticlesPage = (args: PageArgs) => pageRequest(args, 10, 'timestamp');

/** Fields every entity type resolves the same way; `now`: what the entity's own statement read along answers at once. */
function entityFields(type: 'Person' | 'Organization' | 'Place') {
  return {
    id: (e: NamedEntity) => toGlobalId(type, e.id),
    aliases: (e: NamedEntity) => e.aliases ?? [],
    articles: (e: NamedEntity, args: PageArgs, ctx: RequestContext, info: GraphQLResolveInfo) =>
      ctx.loaders.articlesPageByEntityId.now({ id: e.id, page: entityArticlesPage(args), withTotal: asksForTotal(info) }),
    events: (e: NamedEntity, args: PageArgs & { from?: string | null; to?: string | null }, ctx: RequestContext, info: GraphQLResolveInfo) => {
      if (args.from && args.to && args.from > args.to) throw userInputError('from', `must not be after to (${args.from} > ${args.to})`);
      return ctx.loaders
        .eventsPageByEntityId({ from: args.from ?? null, to: args.to ?? null })
        .load({ id: e.id, page: pageRequest(args, 10, 'date'), withTotal: asksForTotal(info) });
    },
  };
}

const country = (e: NamedEntity, _: unknown, ctx: RequestContext) => (e.countryId ? ctx.loaders.entityById.now(e.countryId) : null);

export const Person: PersonResolvers = {
  ...entityFields('Person'),
  country,
  affiliations: (p, _, ctx) => ctx.loaders.affiliationsByPersonId.now(p.id),
};

export const Organization: OrganizationResolvers = {
  ...entityFields('Organization'),
  country,
  parent: (o, _, ctx) => (o.parentId ? ctx.loaders.entityById.load(o.parentId) : null),
  subOrganizations: (o, _, ctx) => ctx.loaders.subOrganizationsByParentId.load(o.id),
  members: (o, args, ctx, info) =>
    ctx.loaders.membersPageByOrganizationId.load({ id: o.id, page: pageRequest(args, 20, 'text'), withTotal: asksForTotal(info) }) as never,
};

export const Place: PlaceResolvers = {
  ...entityFields('Place'),
  kind: (p) => (p.placeKind ?? 'other').toUpperCase() as never,
};

export const Affiliation: AffiliationResolvers = {
  person: async (a, _, ctx) => (await ctx.loaders.entityById.load(a.personId))!,
  organization: (a, _, ctx) => thenNow(ctx.loaders.entityById.now(a.organizationId), (o) => o!),
};

/** Member edges carry the role next to the person. */
export const MemberEdge = {
  role: (edge: { node: { role: string } }) => edge.node.role,
  since: (edge: { node: { since: string | null } }) => edge.node.since,
  until: (edge: { node: { until: string | null } }) => edge.node.until,
};
