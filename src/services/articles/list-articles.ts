import type { DataSource } from 'typeorm';
import { Article } from '../../entities';
import { ARTICLE_HIDDEN, exactTimestampSql, keysetSql, selectList, SERIAL_PLAN_CTE, sqlLiteral, type ReadAlong } from '../../db/sql';
import { articleFilterConditions, isUnfiltered, parseArticleFilter, type ArticleFilterInput, type ParsedArticleFilter } from './article-filter';
import { pageRequest, toConnection, type Connection, type PageArgs, type PageRequest } from '../../pagination';
import { ARCHIVE_ROWS, ARCHIVE_WEEKS_PER_PROBE, ARTICLE_TEXT_MATCH, WALK_WEEKS, weeklyTextMatch, weeklyTextQueries } from '../search/search';

/**
 * The front page's connection: filtered, ordered by publication date, keyset-paged on
 * (published_at, id). The count runs only when a client asks for `totalCount`.
 */
export async function listArticles(
  ds: DataSource,
  // the schema's ArticleFilter and ArticleOrder, declared here: the generated types import facets, which import this module
  args: PageArgs & { filter?: ArticleFilterInput | null; orderBy?: 'PUBLISHED_AT_DESC' | 'PUBLISHED_AT_ASC' | null },
  /**
   * withBody: the page's articles carry their body (the largest column) only when the query shows it.
   * withTotal: the client asked for `totalCount`; unfiltered, the page statement reads it too.
   * along: what the page's articles' fields will ask for, read in the same statement.
   */
  options: { withBody: boolean; withTotal?: boolean; along?: ReadAlong | null } = { withBody: true },
): Promise<Connection<Article>> {
  const page = pageRequest(args, 20, 'timestamp');
  const params: unknown[] = [];
  const bind = (value: unknown) => `$${params.push(value)}`;
  const filter = parseArticleFilter(args.filter);
  const descending = (args.orderBy ?? 'PUBLISHED_AT_DESC') === 'PUBLISHED_AT_DESC';
  const columns = `${selectList(ds, Article, 'a', options.withBody ? ARTICLE_HIDDEN : [...ARTICLE_HIDDEN, 'body'])}, ${exactTimestampSql('a.published_at')} AS "_sort"`;
  const along = options.along?.sql(ds, 'a', params) ?? '';
  // The kept total (migration ArticleTotal) rides along with the page: one round trip fewer.
  const totalAlong = options.withTotal === true && isUnfiltered(filter);
  const list = filter.search == null ? tagListOf(filter, bind) : null;
  const textList = filter.search != null ? tagListOf(filter, sqlLiteral) : null;
  let sql: string;
  if (list) {
    sql = tagListPageSql({ list, page, descending, columns: `${columns}${along}`, params, bind });
  } else if (textList?.table === 'article_entity') {
    sql = textInTagListPageSql({ list: textList, filter, page, descending, columns: `${columns}${along}`, params });
  } else {
    // Text with entities named: planned for the words and entities (a rare word is read from the full-text index).
    const where = articleFilterConditions(filter, filter.search != null && !walksWeeks(filter) ? sqlLiteral : bind);
    const filtered = where.length ? where.join(' AND ') : 'TRUE';
    const keyset = keysetSql(page, 'a.published_at', 'a.id', params, descending);
    const limit = bind(page.limit + 1);
    sql = walksWeeks(filter)
      ? weeklyPageSql({ filter, page, descending, keyset, filtered, limit, columns: `${columns}${along}`, bind })
      : `SELECT ${columns}
              ${totalAlong ? ', (SELECT total::int FROM article_total) AS "_total"' : ''}${along} FROM article a
        WHERE ${filtered} AND ${keyset.where}
        ORDER BY ${keyset.order} LIMIT ${limit}`;
  }
  const rows: (Article & { _sort: string; _total?: number })[] = await ds.query(sql, params);
  if (options.along) for (const row of rows) options.along.read(row);
  let total: Promise<ArticleTotal> | undefined;
  const counted = () => (total ??= countArticles(ds, filter, totalAlong && rows.length ? rows[0]._total! : null));
  const connection = toConnection(rows, page, (a) => [a._sort, a.id], async () => (await counted()).count);
  connection.totalCountIsExact = async () => (await counted()).exact;
  return connection;
}

/**
 * The most matches a filtered listing counts: a common word or a language selects a share of the
 * archive, and counting all of them grows with it (seconds at 1,000,000 articles; docs/search.md,
 * "Counting a listing"). Past it the count is a lower bound, as a search engine's hit count.
 */
export const LISTING_COUNT_LIMIT = 1_000;

/** How many articles a filter selects, and whether that is all of them. */
export interface ArticleTotal {
  count: number;
  exact: boolean;
}

/**
 * Unfiltered: the total the triggers keep (migration ArticleTotal), or the page's copy of it
 * (`kept`). Filtered: the matches up to one past the limit. The statement is planned for the
 * filter's values (written as literals): on a plan made once, a word in half the archive is read
 * as a rare one is, its whole posting list first (docs/search.md, "Counting a listing").
 */
async function countArticles(ds: DataSource, filter: ParsedArticleFilter, kept: number | null): Promise<ArticleTotal> {
  if (isUnfiltered(filter)) return { count: kept ?? (await ds.query(`SELECT total::int AS count FROM article_total`))[0].count, exact: true };
  const [{ count }] = await ds.query(`SELECT count(*)::int AS count FROM (${matchesSql(filter, LISTING_COUNT_LIMIT + 1, sqlLiteral, false)}) m`);
  return count > LISTING_COUNT_LIMIT ? { count: LISTING_COUNT_LIMIT, exact: false } : { count, exact: true };
}

/**
 * The ids and publication instants (`id`, `published_at`) of at most `limit` articles a filter
 * selects, unordered: the newest ones with `newest`, any ones otherwise (cheaper: nothing sorted).
 * Without text, entities or a topic are read along their tag's list, newest first; text alone (or
 * within dates) is walked week by week as its first page is, newest weeks first.
 */
export function matchesSql(filter: ParsedArticleFilter, limit: number, bind: (value: unknown) => string, newest: boolean): string {
  const page: PageRequest = { limit, backward: false, cursor: null };
  const list = filter.search == null ? tagListOf(filter, bind) : null;
  if (list) return `SELECT m.article_id AS id, m.published_at FROM ${tagListMatchesSql(list, keysetSql(page, 'l.published_at', 'l.article_id', [], true), bind(limit), bind)}`;
  const where = articleFilterConditions(filter, bind);
  if (walksWeeks(filter) && filter.language == null && filter.source == null && filter.topic == null) {
    const keyset = keysetSql(page, 'a.published_at', 'a.id', [], true);
    return weeklyPageSql({ filter, page, descending: true, keyset, filtered: where.join(' AND '), limit: bind(limit), columns: null, bind });
  }
  return `SELECT a.id, a.published_at FROM article a WHERE ${where.join(' AND ') || 'TRUE'}
          ${newest ? 'ORDER BY a.published_at DESC, a.id DESC' : ''} LIMIT ${bind(limit)}`;
}

/** A list of articles by tag in date order (an entity's or a topic's) that a page is read from, and what its articles must also meet. */
interface TagList {
  table: 'article_entity' | 'article_topic';
  column: 'entity_id' | 'topic_id';
  /** SQL selecting the one tag whose list is read. */
  tag: string;
  /** What else the articles must meet, on the list's row `l`. */
  checks: string[];
  /** The rest of the filter, on the article. */
  rest: ParsedArticleFilter;
}

/**
 * The list a filter's page may be read from: the rarest of the entities it names to be mentioned
 * together (`mentionsAll`, or a `mentionsAny` of one), else its topic; null otherwise.
 */
function tagListOf(filter: ParsedArticleFilter, bind: (value: unknown) => string): TagList | null {
  const any = filter.mentionsAny?.length === 1 ? filter.mentionsAny : null;
  const ids = [...new Set([...(filter.mentionsAll ?? []), ...(any ?? [])].map((e) => e.id))];
  if (ids.length) {
    const entities = bind(ids);
    return {
      table: 'article_entity',
      column: 'entity_id',
      tag: `SELECT p.entity_id FROM entity_prominence p WHERE p.entity_id = ANY(${entities}) ORDER BY p.articles, p.entity_id LIMIT 1`,
      checks: ids.length > 1 ? [`(SELECT count(*) FROM article_entity o WHERE o.article_id = l.article_id AND o.entity_id = ANY(${entities})) = ${ids.length}`] : [],
      rest: { ...filter, mentionsAll: null, mentionsAny: any ? null : filter.mentionsAny },
    };
  }
  if (filter.topic != null) return { table: 'article_topic', column: 'topic_id', tag: `SELECT t.id FROM topic t WHERE t.slug = ${bind(filter.topic)}`, checks: [], rest: { ...filter, topic: null } };
  return null;
}

interface TagListPage {
  list: TagList;
  page: PageRequest;
  descending: boolean;
  /** The page's columns over the alias `a`, what reads along with them included. */
  columns: string;
  params: unknown[];
  bind: (value: unknown) => string;
}

/**
 * A page read from a tag's article list in page order (its index on the tag, instant and
 * article), each article checked for the rest of the filter, stopping at the page's size.
 * Matching the filter on every article and sorting the matches read all of a busy entity's
 * (118,000 at 1,000,000 articles: 820 ms for a page; docs/performance.md, "Scale").
 */
function tagListPageSql(p: TagListPage): string {
  const keyset = keysetSql(p.page, 'l.published_at', 'l.article_id', p.params, p.descending);
  const order = keysetSql({ ...p.page, cursor: null }, 'a.published_at', 'a.id', [], p.descending).order;
  return `SELECT ${p.columns}
      FROM ${tagListMatchesSql(p.list, keyset, p.bind(p.page.limit + 1), p.bind)}
     CROSS JOIN LATERAL (SELECT * FROM article x WHERE x.id = m.article_id OFFSET 0) a
     ORDER BY ${order}`;
}

/** The tag list's articles in the keyset's order after it, checked for the rest of the filter: a FROM item `m (article_id, published_at)`. */
function tagListMatchesSql(list: TagList, keyset: { where: string; order: string }, limit: string, bind: (value: unknown) => string): string {
  const rest = articleFilterConditions(list.rest, bind);
  const conditions = [keyset.where, ...list.checks, ...(rest.length ? [`EXISTS (SELECT FROM article a WHERE a.id = l.article_id AND ${rest.join(' AND ')})`] : [])];
  return `(${list.tag}) d(tag)
     CROSS JOIN LATERAL (SELECT l.article_id, l.published_at FROM ${list.table} l WHERE l.${list.column} = d.tag AND ${conditions.join(' AND ')}
                          ORDER BY ${keyset.order} LIMIT ${limit}) m`;
}

/** The entries of an entity's article list a text filter's page is first looked for among, in page order. */
const TEXT_IN_LIST_ARTICLES = 1_000;

interface TextInTagListPage {
  list: TagList;
  filter: ParsedArticleFilter;
  page: PageRequest;
  descending: boolean;
  columns: string;
  params: unknown[];
}

/**
 * A page of an entity's articles matching a text: first looked for among the next
 * TEXT_IN_LIST_ARTICLES of its list in page order, each checked against the text (a word common
 * among them fills it there); short of a page, the filter matched on the archive, planned for its
 * values (`list` and the text are literals): a rare word is found by the full-text index. On a plan
 * made once the busiest entity's 118,000 articles were all read and checked (1 s at 1,000,000 articles).
 */
function textInTagListPageSql(p: TextInTagListPage): string {
  const bind = (value: unknown) => `$${p.params.push(value)}`;
  const listKeyset = keysetSql(p.page, 'l.published_at', 'l.article_id', p.params, p.descending);
  const keyset = keysetSql(p.page, 'a.published_at', 'a.id', p.params, p.descending);
  const limit = bind(p.page.limit + 1);
  const rest = articleFilterConditions({ ...p.list.rest, search: null }, sqlLiteral);
  const all = articleFilterConditions(p.filter, sqlLiteral);
  return `
    WITH q AS MATERIALIZED (
      ${weeklyTextQueries(sqlLiteral(p.filter.search))}
    ), dense AS MATERIALIZED (
      SELECT a.id, a.published_at
        FROM (${p.list.tag}) d(tag)
       CROSS JOIN LATERAL (SELECT l.article_id, l.published_at FROM ${p.list.table} l WHERE l.${p.list.column} = d.tag AND ${listKeyset.where}
                            ORDER BY ${listKeyset.order} LIMIT ${TEXT_IN_LIST_ARTICLES}) l
       CROSS JOIN LATERAL (SELECT a.id, a.published_at FROM article a
                            WHERE a.id = l.article_id AND ${[...p.list.checks, ARTICLE_TEXT_MATCH, ...rest].join(' AND ')} OFFSET 0) a
       LIMIT ${limit}
    ), full_from_dense AS MATERIALIZED (
      SELECT count(*) >= ${limit} AS yes FROM dense
    ), ids AS MATERIALIZED (
      SELECT * FROM dense WHERE (SELECT yes FROM full_from_dense)
      UNION ALL
      (SELECT a.id, a.published_at FROM article a WHERE NOT (SELECT yes FROM full_from_dense) AND ${[...all, keyset.where].join(' AND ')}
        ORDER BY ${keyset.order} LIMIT ${limit})
    )
    SELECT ${p.columns}
      FROM ids i CROSS JOIN LATERAL (SELECT * FROM article x WHERE x.id = i.id OFFSET 0) a
     ORDER BY ${keyset.order}`;
}

/**
 * A text filter's page is read through the weekly index (docs/search.md), newest weeks first
 * (oldest first for PUBLISHED_AT_ASC): a common word's matches are most of the archive, and a
 * page must not sort them all by date (docs/search.md, "Listing by text"). Filters naming entities
 * are read from their articles instead (textInTagListPageSql), or on a plan made for their values.
 */
function walksWeeks(filter: ParsedArticleFilter): boolean {
  return filter.search != null && filter.mentionsAll == null && filter.mentionsAny == null;
}

interface WeeklyPage {
  filter: ParsedArticleFilter;
  page: PageRequest;
  descending: boolean;
  keyset: { where: string; order: string };
  /** Every condition of the filter, the text's own included (for a query no index serves). */
  filtered: string;
  limit: string;
  /** The page's columns over the alias `a`, what reads along with them included; null: the ids walked and their instants, unordered. */
  columns: string | null;
  bind: (value: unknown) => string;
}

/** The filter's dates as conditions, bound only where a page reads them (a count binds none it does not use). */
function windowOf(p: WeeklyPage): string[] {
  return articleFilterConditions(parseArticleFilter({ publishedFrom: p.filter.publishedFrom, publishedTo: p.filter.publishedTo }), p.bind);
}

/** The articles next in page order that a text filter's page is first looked for among (a word in one in ten fills it there). */
const DENSE_ARTICLES = 200;

/**
 * The page's ids: the next DENSE_ARTICLES articles in page order when their matches fill it (a
 * common word: sorting a week's matches grew with the archive). Otherwise walked week by week
 * from the cursor's week (or the archive's end) for WALK_WEEKS weeks, each week's matches in page order, stopping at the page's size. Short of
 * it, the rest as the search reads it: at most ARCHIVE_ROWS matches at that pace over the
 * remaining weeks are read at once from the archive's index and sorted; more, and the weeks are
 * walked on ARCHIVE_WEEKS_PER_PROBE a probe. Then the page's rows by key. A query of excluded
 * words only (`-maroc`) has no weekly match: it is read as before.
 */
function weeklyPageSql(p: WeeklyPage): string {
  const forward = p.descending !== p.page.backward;
  const step = forward ? -1 : 1;
  const others = articleFilterConditions({ ...p.filter, search: null }, p.bind);
  const conditions = [...others, p.keyset.where].join(' AND ');
  const cursor = p.page.cursor ? `${p.bind(p.page.cursor[0])}::timestamptz` : null;
  const { publishedFrom: from, publishedTo: to } = p.filter;
  // The weeks walked: from the cursor's, the archive's or the window's end, whichever comes first, to the other end.
  const newest = ['(SELECT max(published_at) FROM article)', ...(to ? [`${p.bind(to)}::timestamptz`] : [])];
  const oldest = ['(SELECT min(published_at) FROM article)', ...(from ? [`${p.bind(from)}::timestamptz`] : [])];
  const start = forward ? `least(${[cursor, ...newest].filter(Boolean).join(', ')})` : `greatest(${[cursor, ...oldest].filter(Boolean).join(', ')})`;
  const stop = forward ? `greatest(${oldest.join(', ')})` : `least(${newest.join(', ')})`;
  const probe = (week: string, weeks: number) => `SELECT a.id, a.published_at FROM article a
       WHERE ${weeklyTextMatch(week, weeks)} AND ${conditions} ORDER BY ${p.keyset.order} LIMIT ${p.limit}`;
  // A probe of several weeks covers `week` and the weeks before it: walking forward, it is named by its last.
  const wide = forward ? 'w.week' : `w.week + ${ARCHIVE_WEEKS_PER_PROBE - 1}`;
  const recentWeeks = `w.week ${forward ? '>=' : '<='} s.last_week`;
  const pastRecent = `news_search_week(a.published_at) ${forward ? '<' : '>'} (SELECT first_week FROM span) + ${step * (WALK_WEEKS - 1)}`;
  return `
    WITH q AS MATERIALIZED (
      ${weeklyTextQueries(p.bind(p.filter.search))}
    ), ${SERIAL_PLAN_CTE}, dense AS MATERIALIZED (
      ${p.columns == null
        ? 'SELECT NULL::int AS id, NULL::timestamptz AS published_at WHERE FALSE -- a count is not among a few articles'
        : `-- a word in one article in ten or more: the page is among the next DENSE_ARTICLES articles, read in
      -- page order (the nested loop keeps it) until the page is full
      SELECT a.* FROM (SELECT a.id FROM article a WHERE ${[p.keyset.where, ...windowOf(p)].join(' AND ')} ORDER BY ${p.keyset.order} LIMIT ${DENSE_ARTICLES}) n
       CROSS JOIN LATERAL (SELECT a.id, a.published_at FROM article a WHERE a.id = n.id AND (SELECT usable FROM q) AND ${[ARTICLE_TEXT_MATCH, ...others].join(' AND ')} OFFSET 0) a
       LIMIT ${p.limit}`}
    ), full_from_dense AS MATERIALIZED (
      SELECT count(*) >= ${p.limit} AS yes FROM dense
    ), span AS MATERIALIZED (
      SELECT news_search_week(${start}) AS first_week, news_search_week(${stop}) AS last_week
    ), recent AS MATERIALIZED (
      SELECT m.* FROM span s, generate_series(s.first_week, s.first_week + ${step * (WALK_WEEKS - 1)}, ${step}) w(week)
        CROSS JOIN LATERAL (${probe('w.week', 1)}) m
       WHERE (SELECT usable FROM q) AND NOT (SELECT yes FROM full_from_dense) AND ${recentWeeks}
       LIMIT ${p.limit}
    ), pace AS MATERIALIZED (
      -- the page not full within WALK_WEEKS weeks: few matches over the rest at this pace are read from the archive's index
      SELECT c.n < ${p.limit} AND NOT (SELECT yes FROM full_from_dense) AS short,
             (SELECT usable FROM q) AND NOT (SELECT yes FROM full_from_dense) AND c.n < ${p.limit} AND c.n * (abs(s.last_week - s.first_week) + 1) <= ${ARCHIVE_ROWS} * ${WALK_WEEKS} AS few
        FROM (SELECT count(*) AS n FROM recent) c, span s
    ), archive AS MATERIALIZED (
      SELECT a.id, a.published_at FROM article a
       WHERE (SELECT few FROM pace) AND ${p.filtered} AND ${p.keyset.where} AND ${pastRecent}
       LIMIT ${ARCHIVE_ROWS} + 1
    ), ids AS MATERIALIZED (
      SELECT * FROM (
        SELECT * FROM dense WHERE (SELECT yes FROM full_from_dense)
        UNION ALL
        SELECT * FROM recent
        UNION ALL
        (SELECT * FROM archive a WHERE (SELECT count(*) FROM archive) <= ${ARCHIVE_ROWS} ORDER BY ${p.keyset.order})
        UNION ALL
        SELECT m.* FROM span s, generate_series(s.first_week + ${step * WALK_WEEKS}, s.last_week, ${step * ARCHIVE_WEEKS_PER_PROBE}) w(week)
          CROSS JOIN LATERAL (${probe(wide, ARCHIVE_WEEKS_PER_PROBE)}) m
         WHERE (SELECT usable FROM q) AND (SELECT short FROM pace) AND NOT ((SELECT few FROM pace) AND (SELECT count(*) FROM archive) <= ${ARCHIVE_ROWS})
        UNION ALL
        (SELECT a.id, a.published_at FROM article a WHERE NOT (SELECT usable FROM q) AND ${p.filtered} AND ${p.keyset.where}
          ORDER BY ${p.keyset.order} LIMIT ${p.limit})
      ) walked LIMIT ${p.limit}
    )
    ${p.columns == null
      ? 'SELECT id, published_at FROM ids'
      : `SELECT ${p.columns}
      FROM ids i CROSS JOIN LATERAL (SELECT * FROM article x WHERE x.id = i.id OFFSET 0) a
     ORDER BY ${p.keyset.order}`}`;
}
