import type {
  AlertWebhookResolvers, EventAlertResolvers, MutationResolvers, QueryResolvers, ResolversParentTypes, SubscriptionResolvers, WebhookDeliveryResolvers,
} from '../generated/graphql';
import type { RequestContext } from '../context';
import { createLoaders } from '../loaders';
import { codedError, userInputError } from '../schema/errors';
import { ENTITY_TYPES, expectGlobalId } from '../schema/global-id';
import { enumValue } from '../schema/scalars';
import { userError } from '../schema/user-errors';
import { requireRole } from '../services/auth/require-role';
import { ROLES } from '../services/auth/viewer';
import { parseArticleFilter } from '../services/articles/article-filter';
import { articlesMatching, eventsInvolving, type EventAlertRow } from '../services/alerts/alerts';
import type { AlertHub } from '../services/alerts/hub';
import { alertStream } from '../services/alerts/stream';
import { createWebhook, deleteWebhook, deliveriesOf, fromWebhookId, toWebhookId, webhooksOf } from '../services/alerts/webhooks';
import { wholeNumberIn } from '../services/graph/arguments';

const MAX_ALERT_ENTITIES = 20;

function hubOf(ctx: RequestContext): AlertHub {
  if (!ctx.alertHub) throw new Error('the alert hub is not configured (createApp builds it)');
  return ctx.alertHub;
}

const anyStaff = (ctx: RequestContext, what: string) => requireRole(ctx.viewer, ROLES, what);

export const alertQuery: Pick<QueryResolvers, 'alertWebhooks'> = {
  alertWebhooks: (_, __, ctx) => webhooksOf(ctx.db, anyStaff(ctx, 'alertWebhooks').tokenId),
};

export const AlertMutations: Pick<MutationResolvers, 'createAlertWebhook' | 'deleteAlertWebhook'> = {
  createAlertWebhook: (_, { input }, ctx) => createWebhook(ctx.db, anyStaff(ctx, 'createAlertWebhook').tokenId, input, ctx.config.alertWebhookAllowPrivate),
  deleteAlertWebhook: async (_, { id }, ctx) => {
    const viewer = anyStaff(ctx, 'deleteAlertWebhook');
    const webhookId = fromWebhookId(id);
    if (webhookId === null || !(await deleteWebhook(ctx.db, viewer.tokenId, webhookId))) {
      return { deletedId: null, userErrors: [userError('id', 'NOT_FOUND', 'id: none of this token\'s webhooks has this id')] };
    }
    return { deletedId: id, userErrors: [] };
  },
};

export const AlertWebhook: AlertWebhookResolvers = {
  id: (w) => toWebhookId(w.id),
  sendsArticles: (w) => w.articleFilter !== null,
  sendsEvents: (w) => w.eventEntityIds !== null,
  deliveries: (w, { first }, ctx) => deliveriesOf(ctx.db, w.id, wholeNumberIn('first', first, 1, 100)),
};

export const WebhookDelivery: WebhookDeliveryResolvers = {
  outcome: (d) => enumValue(d.outcome),
};

export const EventAlert: EventAlertResolvers = {
  event: async (a, _, ctx) => (await ctx.loaders.eventById.load(a.eventId))!,
  reason: (a) => enumValue(a.reason),
};

// Every alert is read afresh: the subscription's context lives as long as the subscription (as commentAdded).
const fresh = <T>(value: T, _args: unknown, ctx: RequestContext) => {
  ctx.loaders = createLoaders(ctx.db);
  return value;
};

export const alertSubscriptions: Pick<SubscriptionResolvers, 'articleAdded' | 'eventAlert'> = {
  articleAdded: {
    subscribe: (_, { filter }, ctx) => {
      const parsed = parseArticleFilter(filter);
      return alertStream(
        hubOf(ctx),
        async (message) => {
          if (message.type !== 'articles') return [];
          const ids = await articlesMatching(ctx.db, parsed, message.ids);
          const loaders = createLoaders(ctx.db);
          return (await Promise.all(ids.map((id) => loaders.articleById.load(id)))).filter((a) => a !== null);
        },
        (e) => ctx.logger.error({ err: (e as Error).message }, 'articleAdded: an alert could not be matched'),
      );
    },
    resolve: (article: ResolversParentTypes['Article'], args: unknown, ctx: RequestContext) => fresh(article, args, ctx),
  },
  eventAlert: {
    subscribe: async (_, { entities, confirmedOnly }, ctx) => {
      if (!entities.length || entities.length > MAX_ALERT_ENTITIES) throw userInputError('entities', `1 to ${MAX_ALERT_ENTITIES} entities, got ${entities.length}`);
      const ids = entities.map((id, i) => expectGlobalId(`entities[${i}]`, id, ENTITY_TYPES).id);
      // A merged entity's id stands for the entity it was merged into.
      const found = await Promise.all(ids.map((id) => ctx.loaders.entityById.load(id)));
      const missing = found.findIndex((e) => e === null);
      if (missing >= 0) throw codedError('BAD_USER_INPUT', `entities[${missing}]: no entity has the id "${entities[missing].slice(0, 80)}"`, { argument: `entities[${missing}]` });
      const entityIds = found.map((e) => e!.id);
      return alertStream<EventAlertRow>(
        hubOf(ctx),
        async (message) => {
          if (message.type !== 'events') return [];
          return (await eventsInvolving(ctx.db, entityIds, message.ids, confirmedOnly)).map((eventId) => ({ eventId, reason: message.reason }));
        },
        (e) => ctx.logger.error({ err: (e as Error).message }, 'eventAlert: an alert could not be matched'),
      );
    },
    resolve: (alert: EventAlertRow, args: unknown, ctx: RequestContext) => fresh(alert, args, ctx),
  },
};
