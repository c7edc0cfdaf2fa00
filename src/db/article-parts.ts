import type { DataSource } from 'typeorm';
import { Article, Event, Mention, NamedEntity, Source } from '../entities';
import { positionalRow } from './sql';
import { survivingEntitySql } from './surviving-entity';

/**
 * An article's parts as SELECT expressions over `articleExpr` (an SQL expression of the
 * enclosing query): each a JSON array of positional rows built by PostgreSQL, with the
 * function that reads it back. The loaders of these parts read them over a batch of ids;
 * the article page's statement (services/articles/read-article.ts) reads them all at once
 * and needs no statement per part. Like the tags (article-tags.ts) and comment pages
 * (comment-pages.ts) of the front page.
 */

/** Columns no Article field shows: a list of articles does without them. */
export const ARTICLE_HIDDEN = ['contentHash', 'createdAt', 'updatedAt'] as const;

/** A mention with its entity (the survivor, for merged entities). */
export type MentionWithEntity = Mention & { entity: NamedEntity };

/** The article's mentions in body order, each with its entity: `_mentions`. */
export function articleMentionsColumn(ds: DataSource, articleExpr: string) {
  const mention = positionalRow(ds, Mention, 'm');
  // No field of a linked entity shows when its row was created or what it was merged into (merges relink mentions).
  const entity = positionalRow(ds, NamedEntity, 'e', ['createdAt', 'mergedIntoId']);
  return {
    sql: `(SELECT COALESCE(json_agg(json_build_array(${mention.columns}, ${entity.sql}) ORDER BY m.start, m.id), '[]')
             FROM mention m
             JOIN entity m0 ON m0.id = m.entity_id
             JOIN entity e ON e.id = COALESCE(m0.merged_into_id, m0.id)
            WHERE m.article_id = ${articleExpr}) AS "_mentions"`,
    read: (values: unknown[][]): MentionWithEntity[] =>
      values.map((v) => {
        const m = mention.hydrate(v) as MentionWithEntity;
        m.entity = entity.hydrate(v[mention.width] as unknown[]);
        return m;
      }),
  };
}

/** An event the article reports, with its place when it was read along. */
export type ReportedEvent = Event & { _place?: NamedEntity | null };

/** The events the article reports, by date (undated last): `_events`; with `withPlaces`, each event's place (the survivor of a merge). */
export function articleEventsColumn(ds: DataSource, articleExpr: string, withPlaces: boolean) {
  const event = positionalRow(ds, Event, 'e');
  const place = survivingEntitySql(ds, 'p', 'e.place_id');
  return {
    sql: `(SELECT COALESCE(json_agg(json_build_array(${event.columns}${withPlaces ? `, ${place.sql}` : ''}) ORDER BY e.date NULLS LAST, e.id), '[]')
             FROM event_source es JOIN event e ON e.id = es.event_id
            WHERE es.article_id = ${articleExpr}) AS "_events"`,
    read: (values: unknown[][]): ReportedEvent[] =>
      values.map((v) => {
        const e = event.hydrate(v) as ReportedEvent;
        if (withPlaces) e._place = place.read(v[event.width]);
        return e;
      }),
  };
}

/** The article's source, `sourceIdExpr` being its source_id: `_source`, one positional row or null. */
export function articleSourceColumn(ds: DataSource, sourceIdExpr: string) {
  const source = positionalRow(ds, Source, 'so');
  return {
    sql: `(SELECT ${source.sql} FROM source so WHERE so.id = ${sourceIdExpr}) AS "_source"`,
    read: (values: unknown[] | null): Source | null => (values ? source.hydrate(values) : null),
  };
}

/**
 * The articles sharing the most entities with the article (ties: newest first), at most
 * `limitParam` (an SQL parameter): `_related`. `omit` leaves out columns nobody asked for
 * (the body, on the article page).
 */
export function relatedArticlesColumn(ds: DataSource, articleExpr: string, limitParam: string, omit: readonly (keyof Article & string)[] = ARTICLE_HIDDEN) {
  const article = positionalRow(ds, Article, 'ra', omit);
  return {
    sql: `(SELECT COALESCE(json_agg(${article.sql} ORDER BY r.shared DESC, ra.published_at DESC, ra.id DESC), '[]')
             FROM (SELECT other.article_id, count(*) AS shared
                     FROM article_entity mine
                     JOIN article_entity other ON other.entity_id = mine.entity_id AND other.article_id <> mine.article_id
                    WHERE mine.article_id = ${articleExpr}
                    GROUP BY other.article_id
                    ORDER BY shared DESC, max(other.published_at) DESC, other.article_id DESC
                    LIMIT ${limitParam}) r
             JOIN article ra ON ra.id = r.article_id) AS "_related"`,
    read: (values: unknown[][]): Article[] => values.map((v) => article.hydrate(v)),
  };
}
