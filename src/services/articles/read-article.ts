import type { DataSource } from 'typeorm';
import { Article, type Source } from '../../entities';
import {
  ARTICLE_HIDDEN, articleEventsColumn, articleMentionsColumn, articleSourceColumn, relatedArticlesColumn,
  type MentionWithEntity, type ReportedEvent,
} from '../../db/article-parts';
import { articleCommentsColumns, type PagedCommentWithReplies } from '../../db/comment-pages';
import { selectList, type PageAhead, type ReadPage } from '../../db/sql';

/** What a query will ask of one article, for its statement to read along (null or false: not asked). */
export interface ArticleAhead {
  source: boolean;
  mentions: boolean;
  events: { withPlaces: boolean } | null;
  /** One page of approved comments, and of each comment's replies when they are asked for. */
  comments: (PageAhead & { replies: PageAhead | null }) | null;
  /** The most related articles asked for, and whether any of them shows its body. */
  related: { first: number; withBody: boolean } | null;
}

/** An article and the parts that were read along with it. */
export interface ReadArticle {
  article: Article;
  source?: Source | null;
  mentions?: MentionWithEntity[];
  events?: ReportedEvent[];
  comments?: ReadPage<PagedCommentWithReplies>;
  related?: Article[];
}

type PartsRow = Article & {
  _source?: unknown[] | null;
  _mentions?: unknown[][];
  _events?: unknown[][];
  _comments?: unknown[][];
  _commentTotal?: number;
  _related?: unknown[][];
};

/**
 * One article by slug with, in the same statement, every part its page asks for: source,
 * mentions with their entities, events with their places, the first page of approved
 * comments with their replies, related articles. Each part is the SQL its own loader runs
 * (db/article-parts.ts, db/comment-pages.ts), so the answers are the same; the page costs
 * one statement instead of seven (each statement costs the service about 0.1 ms and
 * PostgreSQL as much again, on top of its work). Null when no article has that slug.
 */
export async function readArticle(ds: DataSource, slug: string, ahead: ArticleAhead): Promise<ReadArticle | null> {
  const params: unknown[] = [slug];
  const source = ahead.source ? articleSourceColumn(ds, 'a.source_id') : null;
  const mentions = ahead.mentions ? articleMentionsColumn(ds, 'a.id') : null;
  const events = ahead.events ? articleEventsColumn(ds, 'a.id', ahead.events.withPlaces) : null;
  const comments = ahead.comments ? articleCommentsColumns(ds, 'a.id', ahead.comments, params, ahead.comments.replies) : null;
  const related = ahead.related
    ? relatedArticlesColumn(ds, 'a.id', `$${params.push(ahead.related.first)}`, ahead.related.withBody ? ARTICLE_HIDDEN : [...ARTICLE_HIDDEN, 'body'])
    : null;
  const parts = [source, mentions, events, comments, related].filter((p) => p !== null).map((p) => `, ${p.sql}`).join('');
  const [row]: PartsRow[] = await ds.query(`SELECT ${selectList(ds, Article, 'a', ARTICLE_HIDDEN)}${parts} FROM article a WHERE a.slug = $1`, params);
  if (!row) return null;
  const read: ReadArticle = { article: row };
  if (source) read.source = source.read(row._source ?? null);
  if (mentions) read.mentions = mentions.read(row._mentions!);
  if (events) read.events = events.read(row._events!);
  if (comments) read.comments = comments.read(row as { _comments: unknown[][]; _commentTotal?: number });
  if (related) read.related = related.read(row._related!);
  return read;
}
