import { InitialSchema1732000000000 } from './1732000000000-InitialSchema';
import { CommentsModeration1732000001000 } from './1732000001000-CommentsModeration';
import { LinkingJobs1732000002000 } from './1732000002000-LinkingJobs';
import { GraphRelationSummary1732000003000 } from './1732000003000-GraphRelationSummary';
import { ReadApiIndexes1732000004000 } from './1732000004000-ReadApiIndexes';
import { EntityEventsIndexes1732000004100 } from './1732000004100-EntityEventsIndexes';
import { Search1732000005000 } from './1732000005000-Search';
import { ArticleTotal1732000006000 } from './1732000006000-ArticleTotal';
import { SearchRanking1732000007500 } from './1732000007500-SearchRanking';
import { EventReview1732000008000 } from './1732000008000-EventReview';
import { RawBodyMentionField1732000009000 } from './1732000009000-RawBodyMentionField';
import { ArticleCandidates1732000009100 } from './1732000009100-ArticleCandidates';
import { ArticleFacets1732000011000 } from './1732000011000-ArticleFacets';
import { EntityIdentifiers1732000011100 } from './1732000011100-EntityIdentifiers';
import { ArticleFacetColumns1732000011200 } from './1732000011200-ArticleFacetColumns';
import { Alerts1732000011300 } from './1732000011300-Alerts';
import { RecleanJobs1732000018000 } from './1732000018000-RecleanJobs';
import { IngestTriggers1732000018100 } from './1732000018100-IngestTriggers';
import { AlertSent1732000021100 } from './1732000021100-AlertSent';
import { AlertAnnounced1732000021200 } from './1732000021200-AlertAnnounced';
import { SearchNameWords1732000014000 } from './1732000014000-SearchNameWords';
import { NameWordProminence1732000014100 } from './1732000014100-NameWordProminence';
import { WeeklySearchVectorPlain1732000022000 } from './1732000022000-WeeklySearchVectorPlain';
import { EventPlaceName1732000017500 } from './1732000017500-EventPlaceName';

/** Every migration, in order. New ones are appended here. */
export const migrations = [InitialSchema1732000000000, CommentsModeration1732000001000, LinkingJobs1732000002000, GraphRelationSummary1732000003000, ReadApiIndexes1732000004000, EntityEventsIndexes1732000004100, Search1732000005000, ArticleTotal1732000006000, SearchRanking1732000007500, EventReview1732000008000, RawBodyMentionField1732000009000, ArticleCandidates1732000009100, ArticleFacets1732000011000, EntityIdentifiers1732000011100, ArticleFacetColumns1732000011200, Alerts1732000011300, RecleanJobs1732000018000, AlertSent1732000021100, AlertAnnounced1732000021200, SearchNameWords1732000014000, NameWordProminence1732000014100, WeeklySearchVectorPlain1732000022000, IngestTriggers1732000018100, EventPlaceName1732000017500];
