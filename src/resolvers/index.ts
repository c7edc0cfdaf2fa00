import type { Resolvers } from '../generated/graphql';
import { DateScalar, DateTimeScalar } from '../schema/scalars';
import { Article, Mention } from './Article';
import { Comment } from './Comment';
import { connectionResolvers } from './Connection';
import { Affiliation, MemberEdge, Organization, Person, Place } from './Entity';
import { Event, Participation } from './Event';
import { nodeResolvers } from './Node';
import { Query } from './Query';
import { Source, Topic } from './Topic';

export const resolvers: Resolvers = {
  Date: DateScalar,
  DateTime: DateTimeScalar,
  ...nodeResolvers,
  ...connectionResolvers,
  Query,
  Article,
  Mention: Mention as never,
  Person,
  Organization,
  Place,
  Affiliation,
  MemberEdge: MemberEdge as never,
  Event,
  Participation,
  Topic,
  Source,
  Comment,
};
