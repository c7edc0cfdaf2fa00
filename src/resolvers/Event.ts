import type { EventResolvers, ParticipationResolvers } from '../generated/graphql';
import { toGlobalId } from '../schema/global-id';
import { enumValue } from '../schema/scalars';
import { eventPlace, eventSources } from '../loaders/parts/article';
import { alongField } from './read-along';

export const Event: EventResolvers = {
  id: (e) => toGlobalId('Event', e.id),
  kind: (e) => enumValue(e.kind),
  datePrecision: (e) => (e.datePrecision ? enumValue(e.datePrecision) : null),
  status: (e) => enumValue(e.status),
  place: alongField(eventPlace),
  participants: (e, _, ctx) => ctx.loaders.participantsByEventId.load(e.id),
  sources: alongField(eventSources),
  evidence: async (e, _, ctx) =>
    (await ctx.loaders.evidenceByEventId.load(e.id)).map((a) => ({
      article: a, start: a.evidenceStart, end: a.evidenceEnd, text: a.body.slice(a.evidenceStart, a.evidenceEnd),
    })),
};

export const Participation: ParticipationResolvers = {
  participant: async (p, _, ctx) => (await ctx.loaders.entityById.load(p.entityId))!,
};
