import type { DataSource } from 'typeorm';
import { Article, Comment, Event, Mention, NamedEntity, Source, Topic } from '../../entities';
import type { MentionField } from '../../entities/Mention';
import { ARTICLE_HIDDEN, exactTimestampSql, positionalRow } from '../../db/sql';
import { ENTITY_UNSHOWN, survivingEntitySql } from '../../db/surviving-entity';
import { userInputError } from '../../schema/errors';
import type { Connection } from '../../pagination';
import { ARTICLE_COLUMNS, columnsFor, columnsKey, ENTITY_ALWAYS, ENTITY_COLUMNS, EVENT_COLUMNS, omittedColumns } from './columns';
import type { Part, Selected } from './part';
import { bySortInstant, pagePlan, pagePlanKey, pageSql, readPage, readSortedRow, rowsSql, type PagePlan } from './pages';

/** An article's parts (and those of its events and comments). Each is SQL over the parent's key; see part.ts. */

const byId = { column: 'id', of: (row: { id: number }) => row.id };
/** Parts whose field takes no argument and reads the same whatever is selected. */
const NO_PLAN = { plan: (): true => true, planKey: () => '' };

export const articleSource: Part<true, Source | null> = {
  name: 'article source', on: ['Article'], fields: ['source'], none: null, ...NO_PLAN,
  key: { column: 'source_id', of: (a: Article) => a.sourceId },
  sql(st, key) {
    const so = st.alias('so');
    const source = positionalRow(st.ds, Source, so);
    return { sql: `(SELECT ${source.sql} FROM source ${so} WHERE ${so}.id = ${key})`, read: (v) => (v ? source.hydrate(v) : null) };
  },
};

/** A mention with its entity (the survivor, for merged entities). */
export type MentionWithEntity = Mention & { entity: NamedEntity };

const MENTION_FIELDS: readonly MentionField[] = ['title', 'lead', 'body'];

/** `mentions(fields:)` as stored values, in reading order; the body's unless told. */
function mentionFields(fields: readonly string[] | null | undefined): MentionField[] {
  const asked = new Set((fields ?? ['BODY']).map((f) => f.toLowerCase()));
  return MENTION_FIELDS.filter((f) => asked.has(f));
}

/** An article's mentions in the texts asked for (title, lead, body), in reading order. */
export const articleMentions: Part<MentionField[], MentionWithEntity[]> = {
  name: 'article mentions', on: ['Article'], fields: ['mentions'], key: byId,
  plan: (args) => mentionFields(args.fields),
  planKey: (fields) => fields.join(','),
  sql(st, key, fields) {
    const m = st.alias('m');
    const mention = positionalRow(st.ds, Mention, m);
    // No field of a linked entity shows when its row was created or what it was merged into (merges relink mentions).
    const entity = positionalRow(st.ds, NamedEntity, `${m}e`, ['createdAt', 'mergedIntoId']);
    return {
      sql: `(SELECT COALESCE(json_agg(json_build_array(${mention.columns}, ${entity.sql})
                 ORDER BY CASE ${m}.field WHEN 'title' THEN 0 WHEN 'lead' THEN 1 ELSE 2 END, ${m}.start, ${m}.id), '[]')
               FROM mention ${m}
               JOIN entity ${m}0 ON ${m}0.id = ${m}.entity_id
               JOIN entity ${m}e ON ${m}e.id = COALESCE(${m}0.merged_into_id, ${m}0.id)
              WHERE ${m}.article_id = ${key} AND ${m}.field = ANY(${st.bind(fields)}::text[]))`,
      read: (values: unknown[][]) => values.map((v) => {
        const found = mention.hydrate(v) as MentionWithEntity;
        found.entity = entity.hydrate(v[mention.width] as unknown[]);
        return found;
      }),
    };
  },
};

/** The events the article reports, by date (undated last), with the columns their selection needs. */
export const articleEvents: Part<(keyof Event & string)[] | null, Event[]> = {
  name: 'article events', on: ['Article'], fields: ['events'], key: byId, at: 'self', rowType: 'Event',
  plan: (_, selected) => columnsFor(EVENT_COLUMNS, ['id'], selected.fields()),
  planKey: columnsKey,
  sql(st, key, columns, nested) {
    const e = st.alias('e');
    return rowsSql(st, Event, e, {
      from: `FROM event_source ${e}s JOIN event ${e} ON ${e}.id = ${e}s.event_id WHERE ${e}s.article_id = ${key}`,
      order: `${e}.date NULLS LAST, ${e}.id`,
      omit: omittedColumns(st.ds, Event, columns),
    }, nested);
  },
};

/** The columns of a place, an organization or a country its selection needs (the `Place`, `Organization` it is shown as). */
export const entityColumnsOf = (selected: Selected) => columnsFor(ENTITY_COLUMNS, ENTITY_ALWAYS, selected.fields());
export type EntityColumns = ReturnType<typeof entityColumnsOf>;

/** An event's place (the survivor of a merge). */
export const eventPlace: Part<EntityColumns, NamedEntity | null> = {
  name: 'event place', on: ['Event'], fields: ['place'], none: null,
  plan: (_, selected) => entityColumnsOf(selected), planKey: columnsKey,
  key: { column: 'place_id', of: (e: Event) => e.placeId },
  sql(st, key, columns) {
    return survivingEntitySql(st.ds, st.alias('pl'), key, omittedColumns(st.ds, NamedEntity, columns, ENTITY_UNSHOWN));
  },
};

/** The Article columns a row of a part needs for its selection (never those no field shows, the texts only when shown). */
export const articleColumnsOf = (selected: Selected) => columnsFor(ARTICLE_COLUMNS, ['id'], selected.fields());
export type ArticleColumns = ReturnType<typeof articleColumnsOf>;
export const articleOmit = (ds: DataSource, columns: ArticleColumns) => omittedColumns(ds, Article, columns, ARTICLE_HIDDEN);

/** The articles that report an event, oldest first. */
export const eventSources: Part<ArticleColumns, Article[]> = {
  name: 'event sources', on: ['Event'], fields: ['sources'], key: byId, at: 'self',
  plan: (_, selected) => articleColumnsOf(selected),
  planKey: columnsKey,
  sql(st, key, columns) {
    const a = st.alias('sa');
    const article = positionalRow(st.ds, Article, a, articleOmit(st.ds, columns));
    return {
      sql: `(SELECT COALESCE(json_agg(${article.sql} ORDER BY ${a}.published_at, ${a}.id), '[]')
               FROM event_source ${a}s JOIN article ${a} ON ${a}.id = ${a}s.article_id WHERE ${a}s.event_id = ${key})`,
      read: (values: unknown[][]) => values.map((v) => article.hydrate(v)),
    };
  },
};

/** A comment as a page reads it: the entity, and its exact sort instant for cursors. */
export type PagedComment = Comment & { _sort: string };

/**
 * A page of approved comments, oldest first (keyset on (created_at, id)): an article's
 * top-level ones (partial index comment_article_idx) or a comment's replies (comment_parent_idx).
 */
function approvedComments(name: string, on: string, field: string, parentColumn: 'article_id' | 'parent_id', defaultSize: number): Part<PagePlan, Connection<PagedComment>> {
  return {
    name, on: [on], fields: [field], key: byId, at: 'node', rowType: 'Comment',
    plan: pagePlan(defaultSize, 'timestamp'), planKey: pagePlanKey,
    sql(st, key, plan, nested) {
      const c = st.alias('c');
      const row = positionalRow(st.ds, Comment, c);
      const of = `${c}.${parentColumn} = ${key} AND ${c}.status = 'approved'${parentColumn === 'article_id' ? ` AND ${c}.parent_id IS NULL` : ''}`;
      const sort = exactTimestampSql(`${c}.created_at`);
      return {
        sql: pageSql(st, plan, {
          alias: c, columns: row.columns, rowSql: `json_build_array(${row.columns}, ${sort}${nested.sql(c)})`,
          inner: `FROM comment ${c} WHERE ${of}`, count: `FROM comment ${c} WHERE ${of}`,
          sortExpr: `${c}.created_at`, idExpr: `${c}.id`, outerSort: `${c}.created_at`, outerId: `${c}.id`,
        }),
        read: (raw) => readPage(raw, plan, readSortedRow(row, nested), bySortInstant),
      };
    },
  };
}

export const articleComments = approvedComments('article comments', 'Article', 'comments', 'article_id', 10);
export const commentReplies = approvedComments('comment replies', 'Comment', 'replies', 'parent_id', 5);

const MAX_RELATED = 20;

/** How many articles `Article.related(first)` asks for: 5 unless told, at most MAX_RELATED. */
function relatedCount(first: number | null | undefined): number {
  const n = first ?? 5;
  if (n < 0 || n > MAX_RELATED) throw userInputError('first', `must be between 0 and ${MAX_RELATED}, got ${n}`);
  return n;
}

/**
 * Articles an entity contributes as candidates for related: its articles nearest in time to
 * this one, on each side. Reading all of an entity's articles made an article naming a
 * country cost in proportion to the archive (docs/performance-history.md, Scale).
 */
export const RELATED_CANDIDATES_PER_SIDE = 50;

/**
 * The articles sharing the most entities with the article (ties: newest first), among each
 * entity's RELATED_CANDIDATES_PER_SIDE articles before and after it (index order on
 * article_entity (entity_id, published_at, article_id)): a rare entity's articles are all
 * candidates, a country's the ones around the article's day.
 */
export const relatedArticles: Part<{ first: number; columns: ArticleColumns }, Article[]> = {
  name: 'related articles', on: ['Article'], fields: ['related'], key: byId, at: 'self', rowType: 'Article',
  plan: (args, selected) => ({ first: relatedCount(args.first), columns: articleColumnsOf(selected) }),
  planKey: (p) => `${p.first}|${columnsKey(p.columns)}`,
  sql(st, key, { first, columns }, nested) {
    const ra = st.alias('ra');
    const near = (side: '<' | '>') => `(SELECT o.article_id, o.published_at FROM article_entity o
                     WHERE o.entity_id = mine.entity_id AND (o.published_at, o.article_id) ${side} (mine.published_at, mine.article_id)
                     ORDER BY o.published_at ${side === '<' ? 'DESC' : 'ASC'}, o.article_id ${side === '<' ? 'DESC' : 'ASC'}
                     LIMIT ${RELATED_CANDIDATES_PER_SIDE})`;
    return rowsSql(st, Article, ra, {
      from: `FROM (SELECT other.article_id, count(*) AS shared
                     FROM article_entity mine
                     CROSS JOIN LATERAL (${near('<')} UNION ALL ${near('>')}) other
                    WHERE mine.article_id = ${key}
                    GROUP BY other.article_id
                    ORDER BY shared DESC, max(other.published_at) DESC, other.article_id DESC
                    LIMIT ${st.bind(first)}) r
             JOIN article ${ra} ON ${ra}.id = r.article_id`,
      order: `r.shared DESC, ${ra}.published_at DESC, ${ra}.id DESC`,
      omit: articleOmit(st.ds, columns),
    }, nested);
  },
};

/** What an article is tagged with. */
export interface ArticleTags {
  /** The entities the article mentions, in reading order (first mention first); without `createdAt` and `mergedIntoId`. */
  entities: NamedEntity[];
  /** Its topics, by label. */
  topics: Topic[];
}

const TAGGED_KIND: Record<string, string> = { people: 'person', organizations: 'organization', places: 'place' };

/** The entities (people, organizations, places) and topics of an article: one part for four fields, as a list shows them all. */
export const articleTags: Part<true, ArticleTags> = {
  name: 'article tags', on: ['Article'], fields: ['people', 'organizations', 'places', 'topics'], key: byId, ...NO_PLAN,
  pick: (tags, field) => (field === 'topics' ? tags.topics : tags.entities.filter((e) => e.kind === TAGGED_KIND[field])),
  sql(st, key) {
    const e = st.alias('te');
    const t = st.alias('tt');
    // No field of a tagged entity shows when the row was created or what it was merged into
    // (merges relink mentions). The entities are probed by key (no scan of the entity table).
    const entity = positionalRow(st.ds, NamedEntity, e, ['createdAt', 'mergedIntoId']);
    const topic = positionalRow(st.ds, Topic, t);
    return {
      sql: `json_build_array(
              (SELECT COALESCE(json_agg(${entity.sql} ORDER BY ${e}l.first_start), '[]')
                 FROM article_entity ${e}l JOIN entity ${e} ON ${e}.id = ${e}l.entity_id WHERE ${e}l.article_id = ${key}),
              (SELECT COALESCE(json_agg(${topic.sql} ORDER BY ${t}.label), '[]')
                 FROM article_topic ${t}l JOIN topic ${t} ON ${t}.id = ${t}l.topic_id WHERE ${t}l.article_id = ${key}))`,
      read: (raw: [unknown[][], unknown[][]] | null) => ({
        entities: (raw?.[0] ?? []).map(entity.hydrate),
        topics: (raw?.[1] ?? []).map(topic.hydrate),
      }),
    };
  },
};
