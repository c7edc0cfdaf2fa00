import type { DataSource } from 'typeorm';
import { affiliationsByPersonId, membersPageByOrganizationId } from './affiliations';
import { articleById, articleBySlug, articlesPageByEntityId, articlesPageByTopicId, relatedArticles } from './articles';
import { approvedCommentsPageByArticleId, approvedRepliesPageByCommentId, commentById } from './comments';
import { entityById, entityBySlug, subOrganizationsByParentId } from './entities';
import {
  eventById, eventBySlug, eventsByArticleId, eventsPageByEntityId, evidenceByEventId, participantsByEventId,
  type EventWindow,
} from './events';
import { mentionsByArticleId } from './mentions';
import { metPageByPersonId, partnersPageByOrganizationId } from './met';
import type { TimeWindow } from '../services/graph/arguments';
import { articleTagsByArticleId } from './tags';
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
  return {
    // An article's entities and its topics come from one statement (tags.ts).
    articleTagsByArticleId: articleTagsByArticleId(ds),
    articleById: articleById(ds),
    articleBySlug: articleBySlug(ds),
    articlesPageByEntityId: articlesPageByEntityId(ds),
    articlesPageByTopicId: articlesPageByTopicId(ds),
    relatedArticles: relatedArticles(ds),
    entityById: entityById(ds),
    entityBySlug: entityBySlug(ds),
    subOrganizationsByParentId: subOrganizationsByParentId(ds),
    affiliationsByPersonId: affiliationsByPersonId(ds),
    membersPageByOrganizationId: membersPageByOrganizationId(ds),
    mentionsByArticleId: mentionsByArticleId(ds),
    sourceById: sourceById(ds),
    topicById: topicById(ds),
    topicBySlug: topicBySlug(ds),
    eventById: eventById(ds),
    eventBySlug: eventBySlug(ds),
    eventsByArticleId: eventsByArticleId(ds),
    eventsPageByEntityId: perArgument((window: EventWindow) => eventsPageByEntityId(ds, window)),
    participantsByEventId: participantsByEventId(ds),
    metPageByPersonId: perArgument((window: TimeWindow) => metPageByPersonId(ds, window)),
    partnersPageByOrganizationId: perArgument((window: TimeWindow) => partnersPageByOrganizationId(ds, window)),
    evidenceByEventId: evidenceByEventId(ds),
    commentById: commentById(ds),
    approvedCommentsPageByArticleId: approvedCommentsPageByArticleId(ds),
    approvedRepliesPageByCommentId: approvedRepliesPageByCommentId(ds),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
