import type { GraphQLResolveInfo } from 'graphql';
import type { Event } from '../entities';
import type { RequestContext } from '../http/context';
import type { CounterpartRow } from '../loaders/met';
import { timeWindow } from '../services/graph/arguments';
import { pageRequest, type PageArgs } from '../services/pagination';
import { asksForTotal } from './selection';

type WindowedPageArgs = PageArgs & { from?: string | null; to?: string | null };

/** Person.met: everyone who took part in an event with this person, most meetings first. */
export const met = (p: { id: number }, args: WindowedPageArgs, ctx: RequestContext, info: GraphQLResolveInfo) =>
  ctx.loaders
    .metPageByPersonId(timeWindow('from', args.from, 'to', args.to))
    .load({ id: p.id, page: pageRequest(args, 20, 'number'), withTotal: asksForTotal(info) });

/** Organization.partners: organizations present (themselves or through their people) at the same events. */
export const partners = (o: { id: number }, args: WindowedPageArgs, ctx: RequestContext, info: GraphQLResolveInfo) =>
  ctx.loaders
    .partnersPageByOrganizationId(timeWindow('from', args.from, 'to', args.to))
    .load({ id: o.id, page: pageRequest(args, 20, 'number'), withTotal: asksForTotal(info) });

type CounterpartEdge = { node: CounterpartRow };

/** MetEdge and PartnerEdge: the encounter's facts travel on the node row (see loaders/met). */
const counterpartEdge = {
  meetings: (edge: CounterpartEdge) => edge.node.meetings,
  firstMet: (edge: CounterpartEdge) => edge.node.firstMet,
  lastMet: (edge: CounterpartEdge) => edge.node.lastMet,
  events: async (edge: CounterpartEdge, _: unknown, ctx: RequestContext) =>
    (await ctx.loaders.eventById.loadMany(edge.node.eventIds)).filter((e): e is Event => e !== null && !(e instanceof Error)),
};

export const MetEdge = counterpartEdge;
export const PartnerEdge = counterpartEdge;
