import type { Resolvers } from '../generated/graphql';
import { DateScalar, DateTimeScalar } from '../schema/scalars';
import { AlertMutations, alertQuery, alertSubscriptions, AlertWebhook, EventAlert, WebhookDelivery } from './Alerts';
import { Article, Mention } from './Article';
import { CandidateMutations, candidateQuery, CandidateSighting } from './Candidates';
import { Comment } from './Comment';
import { CommentMutations } from './CommentMutations';
import { CurationMutations } from './Curation';
import { IngestMutations } from './IngestMutations';
import { JobQueries } from './Job';
import { connectionResolvers } from './Connection';
import { Affiliation, MemberEdge, Organization, Person, Place } from './Entity';
import { Event, Participation } from './Event';
import { EventAuditEntry, EventReviewMutations, EventReviewQueries } from './EventReview';
import { ArticleFacets, EntityFacetValue, facetQuery, SourceFacetValue, TopicFacetValue } from './Facets';
import { met, MetEdge, partners, PartnerEdge } from './Met';
import { NetworkEdge, networkQuery } from './Network';
import { PathStep, pathQuery } from './Path';
import { ExternalIdentifier, IdentifierMutations, identifierQuery, identifiersField } from './Identifiers';
import { ModerationLogEntry, ModerationQueries } from './Moderation';
import { nodeResolvers } from './Node';
import { Query } from './Query';
import { searchQuery } from './Search';
import { Subscription } from './Subscription';
import { timelineQuery } from './Timelines';
import { EntityTrend, trendQuery } from './Trends';
import { Source, Topic } from './Topic';

export const resolvers: Resolvers = {
  Date: DateScalar,
  DateTime: DateTimeScalar,
  ...nodeResolvers,
  ...connectionResolvers,
  Query: { ...Query, ...searchQuery, ...networkQuery, ...pathQuery, ...ModerationQueries, ...JobQueries, ...candidateQuery, ...facetQuery, ...timelineQuery, ...trendQuery, ...identifierQuery, ...EventReviewQueries, ...alertQuery },
  // Mutation fields come from several modules: merge them, never replace the object.
  Mutation: { ...CommentMutations, ...IngestMutations, ...CandidateMutations, ...CurationMutations, ...IdentifierMutations, ...EventReviewMutations, ...AlertMutations },
  Subscription: { ...Subscription, ...alertSubscriptions },
  Article,
  Mention,
  CandidateSighting,
  Person: { ...Person, met, ...identifiersField },
  Organization: { ...Organization, partners, ...identifiersField },
  MetEdge,
  PartnerEdge,
  PathStep,
  NetworkEdge,
  Place: { ...Place, ...identifiersField },
  Affiliation,
  MemberEdge,
  Event,
  Participation,
  EventAuditEntry,
  Topic,
  Source,
  Comment,
  ModerationLogEntry,
  ArticleFacets,
  EntityFacetValue,
  TopicFacetValue,
  SourceFacetValue,
  EntityTrend,
  ExternalIdentifier,
  AlertWebhook,
  WebhookDelivery,
  EventAlert,
};
