import type { DatePrecision, EventKind } from '../../entities/Event';
import type { CommentStatus } from '../../entities/Comment';
import type { EntityKind, PlaceKind } from '../../entities/NamedEntity';

/**
 * The synthetic dataset as plain rows with their ids, in the tables' own shapes: it is
 * built in memory (deterministically) and then written in bulk.
 */
export interface SyntheticSource { id: number; slug: string; name: string; url: string }
export interface SyntheticTopic { id: number; slug: string; label: string }
export interface SyntheticEntity {
  id: number; kind: EntityKind; slug: string; name: string; title: string | null; acronym: string | null;
  placeKind: PlaceKind | null; code: string | null; countryId: number | null; parentId: number | null; aliases: string[];
}
export interface SyntheticAffiliation { id: number; personId: number; organizationId: number; role: string; since: string | null; until: string | null }
export interface SyntheticArticle {
  id: number; slug: string; title: string; lead: string; body: string; language: string; publishedAt: string;
  url: string; sourceId: number; contentHash: string; commentCount: number;
}
export interface SyntheticMention { articleId: number; entityId: number; start: number; end: number; text: string }
export interface SyntheticArticleEntity { articleId: number; entityId: number; mentions: number; firstStart: number; publishedAt: string }
export interface SyntheticArticleTopic { articleId: number; topicId: number; publishedAt: string }
export interface SyntheticEvent {
  id: number; slug: string; kind: EventKind; title: string; date: string | null; datePrecision: DatePrecision | null; placeId: number | null;
}
export interface SyntheticParticipant { eventId: number; entityId: number; role: string; date: string | null }
export interface SyntheticEventSource { eventId: number; articleId: number; start: number; end: number }
export interface SyntheticComment {
  id: number; articleId: number; parentId: number | null; depth: number; authorName: string; email: string;
  body: string; status: CommentStatus; createdAt: string;
}

export interface SyntheticDataset {
  sources: SyntheticSource[];
  topics: SyntheticTopic[];
  entities: SyntheticEntity[];
  affiliations: SyntheticAffiliation[];
  articles: SyntheticArticle[];
  mentions: SyntheticMention[];
  articleEntities: SyntheticArticleEntity[];
  articleTopics: SyntheticArticleTopic[];
  events: SyntheticEvent[];
  participants: SyntheticParticipant[];
  eventSources: SyntheticEventSource[];
  comments: SyntheticComment[];
}
