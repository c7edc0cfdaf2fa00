import type { Resolvers } from '../generated/graphql';
import { DateScalar, DateTimeScalar } from '../schema/scalars';
import { Article, Mention } from './Article';
import { Comment } from './Comment';
import { CommentMutations } from './CommentMutations';
import { CurationMutations } from './Curation';
import { IngestMutations } from './IngestMutations';
import { JobQueries } from './Job';
import { connectionResolvers } from './Connection';
import { Affiliation, MemberEdge, Organization, Person, Place } from './Entity';
import { Event, Participation } from './Event';
import { met, MetEdge, partners, PartnerEdge } from './Met';
import { networkQuery } from './Network';
import { PathStep, pathQuery } from './Path';
import { ModerationLogEntry, ModerationQueries } from './Moderation';
import { nodeResolvers } from './Node';
import { Query } from './Query';
import { searchQuery } from './Search';
import { Subscription } from './Subscription';
import { Source, Topic } from './Topic';

export const resolvers: Resolvers = {
  Date: DateScalar,
  DateTime: DateTimeScalar,
  ...nodeResolvers,
  ...connectionResolvers,
  Query: { ...Query, ...searchQuery, ...networkQuery, ...pathQuery, ...ModerationQueries, ...JobQueries },
  // Mutation fields come from several modules: merge them, never replace the object.
  Mutation: { ...CommentMutations, ...IngestMutations, ...CurationMutations },
  Subscription,
  Article,
  Mention: Mention as never,
  Person: { ...Person, met: met as never },
  Organization: { ...Organization, partners: partners as never },
  MetEdge: MetEdge as never,
  PartnerEdge: PartnerEdge as never,
  PathStep: PathStep as never,
  Place,
  Affiliation,
  MemberEdge: MemberEdge as never,
  Event,
  Participation,
  Topic,
  Source,
  Comment,
  ModerationLogEntry,
};
