import { Affiliation } from './Affiliation';
import { ApiToken } from './ApiToken';
import { Article } from './Article';
import { ArticleEntity } from './ArticleEntity';
import { ArticleTopic } from './ArticleTopic';
import { Comment } from './Comment';
import { Event } from './Event';
import { EventAuditEntry } from './EventAuditEntry';
import { EventParticipant } from './EventParticipant';
import { EventSource } from './EventSource';
import { Mention } from './Mention';
import { ModerationLogEntry } from './ModerationLogEntry';
import { NamedEntity } from './NamedEntity';
import { Source } from './Source';
import { Topic } from './Topic';

export const entities = [
  Affiliation, Article, ArticleEntity, ArticleTopic, Comment, Event,
  EventParticipant, EventSource, Mention, NamedEntity, Source, Topic,
  ApiToken, ModerationLogEntry, EventAuditEntry,
];
export type { EntityKind, PlaceKind } from './NamedEntity';
export type { CommentStatus } from './Comment';
export type { ModerationAction } from './ModerationLogEntry';
export type { DatePrecision, EventKind, EventOrigin, EventStatus } from './Event';
export type { EventAuditAction } from './EventAuditEntry';
export {
  Affiliation, Article, ArticleEntity, ArticleTopic, Comment, Event,
  EventParticipant, EventSource, Mention, NamedEntity, Source, Topic,
  ApiToken, ModerationLogEntry, EventAuditEntry,
};
