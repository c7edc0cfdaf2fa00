import type { EventAuditEntryResolvers, MutationResolvers, QueryResolvers } from '../generated/graphql';
import { ENTITY_TYPES, expectGlobalId, toGlobalId } from '../schema/global-id';
import { enumValue, storedValue } from '../schema/scalars';
import { createEvent, listEventAudit, listReviewQueue, mergeEvents, setEventStatus, splitEvent, updateEvent, type EventFields } from '../services/events/review';
import { requireEditor } from './staff';

const eventId = (argument: string, id: string) => expectGlobalId(argument, id, ['Event']).id;

type FieldsInput = {
  kind?: Parameters<typeof storedValue>[0] | null; title?: string | null; date?: string | null; datePrecision?: Parameters<typeof storedValue>[0] | null;
  place?: string | null; participants?: readonly { participant: string; role: string }[] | null;
};

/** GraphQL input to the review service's fields: ids decoded, enums stored, absent stays absent. */
function fieldsOf(input: FieldsInput): EventFields {
  const f: EventFields = {};
  if (input.kind != null) f.kind = storedValue(input.kind) as EventFields['kind'];
  if (input.title != null) f.title = input.title;
  if (input.date !== undefined) f.date = input.date;
  if (input.datePrecision !== undefined) f.datePrecision = input.datePrecision === null ? null : (storedValue(input.datePrecision) as EventFields['datePrecision']);
  if (input.place !== undefined) f.placeId = input.place === null ? null : expectGlobalId('place', input.place, ['Place']).id;
  if (input.participants != null) {
    f.participants = input.participants.map((p, i) => ({ entityId: expectGlobalId(`participants[${i}].participant`, p.participant, ENTITY_TYPES).id, role: p.role }));
  }
  return f;
}

/** Editors' review of events (EDITOR or ADMIN): each change in one transaction, logged in eventAuditLog. */
export const EventReviewMutations: MutationResolvers = {
  createEvent: (_, { input }, ctx) => {
    const viewer = requireEditor(ctx, 'createEvent');
    const f = fieldsOf(input);
    const evidence = input.evidence.map((e, i) => ({ articleId: expectGlobalId(`evidence[${i}].article`, e.article, ['Article']).id, start: e.start, end: e.end }));
    return createEvent(ctx.db, viewer, { ...f, kind: f.kind!, title: input.title }, evidence);
  },
  updateEvent: (_, { id, input }, ctx) => updateEvent(ctx.db, requireEditor(ctx, 'updateEvent'), eventId('id', id), fieldsOf(input)),
  confirmEvent: (_, { id, reason }, ctx) => setEventStatus(ctx.db, requireEditor(ctx, 'confirmEvent'), eventId('id', id), 'confirmed', reason ?? null),
  rejectEvent: (_, { id, reason }, ctx) => setEventStatus(ctx.db, requireEditor(ctx, 'rejectEvent'), eventId('id', id), 'rejected', reason ?? null),
  mergeEvents: (_, { from, into, reason }, ctx) =>
    mergeEvents(ctx.db, requireEditor(ctx, 'mergeEvents'), eventId('from', from), eventId('into', into), reason ?? null),
  splitEvent: (_, { id, articles, reason }, ctx) =>
    splitEvent(ctx.db, requireEditor(ctx, 'splitEvent'), eventId('id', id), articles.map((a, i) => expectGlobalId(`articles[${i}]`, a, ['Article']).id), reason ?? null),
};

export const EventReviewQueries: QueryResolvers = {
  eventReviewQueue: (_, { first, after }, ctx) => {
    requireEditor(ctx, 'eventReviewQueue');
    return listReviewQueue(ctx.db, { first, after });
  },
  eventAuditLog: (_, { first, after, event }, ctx) => {
    requireEditor(ctx, 'eventAuditLog');
    return listEventAudit(ctx.db, { first, after, eventId: event == null ? null : eventId('event', event) });
  },
};

export const EventAuditEntry: EventAuditEntryResolvers = {
  // Not a Node: entries are only reached through eventAuditLog.
  id: (e) => String(e.id),
  action: (e) => enumValue(e.action),
  eventId: (e) => toGlobalId('Event', e.eventId),
  event: async (e, _, ctx) => (await ctx.loaders.eventById.load(e.eventId)) ?? null,
  actor: (e) => e.actorName,
  before: (e) => (e.before === null ? null : JSON.stringify(e.before)),
  after: (e) => (e.after === null ? null : JSON.stringify(e.after)),
};
