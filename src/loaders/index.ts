import type { DataSource } from 'typeorm';
import { membersPageByOrganizationId } from './affiliations';
import { articleById, articleBySlug, articlesPageByTopicId } from './articles';
import { commentById } from './comments';
import { entityById, entityBySlug, subOrganizationsByParentId } from './entities';
import { identifiersByEntityId } from './identifiers';
import {
  eventById, eventBySlug, eventsPageByEntityId, evidenceByEventId, participantsByEventId,
} from './events';
import type { TimeWindow } from '../services/graph/arguments';
import { partLoaders } from './parts/part';
import { sourceById, topicById, topicBySlug } from './topics';

/** Loaders whose batch depends on an argument (a date window) are made once per value. */
function perArgument<A, L>(make: (arg: A) => L): (arg: A) => L {
  const made = new Map<string, L>();
  return (arg) => {
    const key = JSON.stringify(arg);
    let loader = made.get(key);
    if (!loader) made.set(key, (loader = make(arg)));
    return loader;
  };
}

/**
 * Every batched lookup of one request. Built per request by the context, never shared:
 * DataLoader caches would otherwise leak data across requests and users.
 */
export function createLoaders(ds: DataSource) {
  // The loaders of the parts a page can read along (parts/): made when first asked for.
  const part = partLoaders(ds);
  return {
    part,
    articleById: articleById(ds),
    articleBySlug: articleBySlug(ds),
    articlesPageByTopicId: articlesPageByTopicId(ds),
    entityById: entityById(ds),
    entityBySlug: entityBySlug(ds),
    subOrganizationsByParentId: subOrganizationsByParentId(ds),
    membersPageByOrganizationId: membersPageByOrganizationId(ds),
    sourceById: sourceById(ds),
    topicById: topicById(ds),
    topicBySlug: topicBySlug(ds),
    eventById: eventById(ds),
    eventBySlug: eventBySlug(ds),
    eventsPageByEntityId: perArgument((window: TimeWindow) => eventsPageByEntityId(ds, window)),
    participantsByEventId: participantsByEventId(ds),
    evidenceByEventId: evidenceByEventId(ds),
    commentById: commentById(ds),
    identifiersByEntityId: identifiersByEntityId(ds),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
