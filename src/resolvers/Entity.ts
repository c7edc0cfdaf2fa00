import type { GraphQLResolveInfo } from 'graphql';
import type { AffiliationResolvers, OrganizationResolvers, PersonResolvers, PlaceResolvers, ResolversParentTypes } from '../generated/graphql';
import type { RequestContext } from '../context';
import { toGlobalId } from '../schema/global-id';
import { enumValue } from '../schema/scalars';
import { pageRequest, type PageArgs } from '../pagination';
import { timeWindow } from '../services/graph/arguments';
import { affiliationOrganization, entityArticles, entityCountry, personAffiliations } from '../loaders/parts/entity';
import { asksForTotal } from './selection';
import { alongField } from './read-along';

type NamedEntity = ResolversParentTypes['Person'];

/** Fields every entity type resolves the same way; parts (loaders/parts) answer at once what the entity's own statement read along. */
function entityFields(type: 'Person' | 'Organization' | 'Place') {
  return {
    id: (e: NamedEntity) => toGlobalId(type, e.id),
    aliases: (e: NamedEntity) => e.aliases ?? [],
    articles: alongField(entityArticles),
    events: (e: NamedEntity, args: PageArgs & { from?: string | null; to?: string | null }, ctx: RequestContext, info: GraphQLResolveInfo) =>
      ctx.loaders
        .eventsPageByEntityId(timeWindow('from', args.from, 'to', args.to))
        .load({ id: e.id, page: pageRequest(args, 10, 'date'), withTotal: asksForTotal(info) }),
  };
}

const country = alongField(entityCountry);

export const Person: PersonResolvers = {
  ...entityFields('Person'),
  country,
  affiliations: alongField(personAffiliations),
};

export const Organization: OrganizationResolvers = {
  ...entityFields('Organization'),
  country,
  parent: (o, _, ctx) => (o.parentId ? ctx.loaders.entityById.load(o.parentId) : null),
  subOrganizations: (o, _, ctx) => ctx.loaders.subOrganizationsByParentId.load(o.id),
  members: (o, args, ctx, info) =>
    ctx.loaders.membersPageByOrganizationId.load({ id: o.id, page: pageRequest(args, 20, 'text'), withTotal: asksForTotal(info) }),
};

export const Place: PlaceResolvers = {
  ...entityFields('Place'),
  kind: (p) => enumValue(p.placeKind ?? 'other'),
};

export const Affiliation: AffiliationResolvers = {
  person: async (a, _, ctx) => (await ctx.loaders.entityById.load(a.personId))!,
  organization: alongField(affiliationOrganization),
};

/** Member edges carry the role next to the person. */
export const MemberEdge = {
  role: (edge: { node: { role: string } }) => edge.node.role,
  since: (edge: { node: { since: string | null } }) => edge.node.since,
  until: (edge: { node: { until: string | null } }) => edge.node.until,
};
