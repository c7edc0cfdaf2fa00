import type { DataSource } from 'typeorm';
import { keysetSql, positionalRow } from '../../db/sql';
import { Article, NamedEntity } from '../../entities';
import { userInputError } from '../../schema/errors';
import { pageRequest, toConnection, type Connection, type PageArgs } from '../../pagination';
import { highlightName, MARK_START, MARK_STOP, marksToHtml } from './highlight';

export const MAX_QUERY_LENGTH = 200;

/**
 * How many matching articles a search ranks (and pages through): all of them when fewer
 * match, otherwise the most recent ones. Ranking reads each candidate's vector, so this
 * bounds a search's work whatever the archive's size; `articles(filter: {search})` lists every
 * match (docs/search.md, "How many are ranked").
 */
export const RANKED_ARTICLES = 100;

/**
 * Weeks a search walks back through the weekly index one at a time, newest first, before it
 * walks the rest of the archive ARCHIVE_WEEKS_PER_PROBE weeks at a time: a common word fills
 * RANKED_ARTICLES within a week; a word with fewer matches in half a year than that is rare.
 */
export const WALK_WEEKS = 26;

/** Below this word similarity a name does not match (pg_trgm's default, 0.6, misses "sanhcez" for Sánchez). */
export const NAME_SIMILARITY_THRESHOLD = 0.5;

/**
 * Names a full search ranks (and pages through), whatever the number matching: the ones
 * bearing the most of the query's words, the most prominent first among equals. A query word
 * shared by thousands of names (a last name, "the") costs what this many cost; `people(name:)`
 * and its kin list every bearer.
 */
export const NAME_CANDIDATES = 50;
/**
 * A name word borne by at most this many names is rare: when a query matches rare and common
 * name words, every bearer of the rare ones is grouped, of the common ones only their
 * NAME_CANDIDATES most prominent (a headline's "port" and "authority" have 12,000 bearers each
 * at 1,000,000 articles); when it matches common ones only, those and the NAME_CANDIDATES most
 * prominent bearers of each two of them (every first and last name is common at 1,000,000;
 * docs/search.md).
 */
export const RARE_NAME_WORD = 2000;

/**
 * Ranking weights (docs/search.md, "Ranking"). An article scores
 * ARTICLE_CAP × (text · TEXT + recency · RECENCY + linked · LINKED): text is TITLE when
 * the title alone matches the query, plus the rest times ts_rank_cd (title 1, lead 0.4,
 * body 0.2) scaled to 0..1; recency halves every RECENCY_HALF_LIFE_DAYS before the newest
 * article; linked is the best name similarity among the matching entities the article
 * mentions. A name scores similarity · (NAME + PROMINENCE · prominence): similarity is the
 * mean over the query's words of their trigram word similarity to the name (for a word of a
 * name the query spells, whether the name bears it whole), prominence log(1 + articles
 * mentioning it) over the most mentioned entity's.
 */
export const WEIGHTS = {
  ARTICLE_CAP: 0.9,
  TEXT: 0.55,
  TITLE: 0.6,
  RECENCY: 0.25,
  LINKED: 0.2,
  RECENCY_HALF_LIFE_DAYS: 365,
  NAME: 0.8,
  PROMINENCE: 0.2,
} as const;

export type SearchMode = 'FULL' | 'PREFIX';

interface HitFacts {
  id: number;
  score: number;
  /** Unique across kinds (entity ids are even, article ids odd): the keyset's tie-break. */
  tiebreak: number;
  /** Article hits: ts_headline's fragments with marks. */
  headline: string | null;
  /** Entity hits: the display name. */
  name: string | null;
}

/** One hit with its row, read in the search's own statement (the page needs no second one). */
export type SearchHit = HitFacts & ({ kind: 'article'; node: Article } | { kind: 'entity'; node: NamedEntity });

export type SearchEdgeFacts = { score: number; highlight: string | null; hit: SearchHit };

/** A search's connection, with how many names and articles match in all (`totalCount` counts what it pages through). */
export interface SearchConnection extends Connection<Article | NamedEntity, SearchEdgeFacts> {
  matchCount: number;
  matchCountIsExact: boolean;
}

/** The query's words that can match a name on their own (short words and operators cannot). */
function queryWords(query: string): string[] {
  return [...new Set(query.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 2 && w !== 'OR'))];
}

/** Every word of the query, for prefix matching (letters and digits only: no LIKE or regex metacharacters). */
function prefixWords(query: string): string[] {
  return [...new Set(query.split(/[^\p{L}\p{N}]+/u).filter(Boolean))].slice(0, 8);
}

/** The columns of a matching article that ranking reads. */
const CANDIDATE_COLUMNS = 'a.id, a.published_at, a.language, a.search_vector';

/** An article's query in its own language's configuration (news_ts_config's mapping). */
const ARTICLE_QUERY = `CASE a.language WHEN 'fr' THEN (SELECT fr FROM q) WHEN 'en' THEN (SELECT en FROM q) ELSE (SELECT xx FROM q) END`;

/**
 * Articles whose title alone matches, newest first, read week by week over the whole
 * archive: a headline about the query ranks even when thousands of more recent articles
 * match it in their bodies (docs/search.md).
 */
export const TITLE_MATCHES = 20;
/** Title matches are rarer than body matches: each index probe reads this many weeks (each probe costs ~50 µs, matches or not). */
const TITLE_WEEKS_PER_PROBE = 4;
/**
 * A query matching at most RANKED_ARTICLES in WALK_WEEKS weeks, at a pace that makes at most
 * this many over the whole archive, reads up to this many of the archive's matches at once
 * (one index read, each row rechecked): when that is all of them, they are sorted by date, counted
 * exactly and searched for title matches, and neither the older weeks nor their titles are
 * walked. At a faster pace the older weeks are walked at once: past a few hundred matches the
 * archive's index scans cost more than the walk (docs/search.md).
 */
export const ARCHIVE_ROWS = 400;
/**
 * A query whose every lexeme is in at least this share of the archive's articles (the column
 * statistics' most common lexemes) is dense: its newest matches are read newest first along
 * the date index, up to DENSE_ROWS articles, instead of week by week (at 1,000,000 articles a
 * week holds thousands of a common word's matches, every one read to sort them).
 */
const DENSE_SHARE = 0.2;
/** The longest name, in words, a query is read for (docs/search.md, "What matches"). */
export const SPELLED_NAME_WORDS = 8;
/**
 * A phrase borne by more names than this names no one (a family name that thousands of people
 * have as an alias): its words match as words.
 */
export const SPELLED_NAME_BEARERS = 20;
/**
 * Tagged articles a search reads through the names its query spells, at most: names tagged on
 * more (a country, a busy organization) have their matches found in the archive's indexes, as
 * without a name, each then checked to be tagged with one (docs/search.md).
 */
export const LINKED_ROWS = 1000;
/** Articles a dense query reads along the date index before it falls back to the weekly walk. */
const DENSE_ROWS = 2000;
/** Past WALK_WEEKS, matches are rare (fewer than RANKED_ARTICLES in half a year): each probe of the older weeks reads this many. */
export const ARCHIVE_WEEKS_PER_PROBE = 4;

/**
 * The index condition for each language's query, OR-ed (PostgreSQL reads the scans into one
 * bitmap; a superset, the article's own language's query is checked after): each query is
 * an AND, whose rarest word lets GIN skip through the common words' long lists, where the
 * three OR-ed in one query have every list read whole. No `language = …` beside them: the
 * planner would AND each scan with the language index's hundreds of thousands of rows.
 * `index(q)` is the indexed expression's condition for one query, NULL (nothing) for a
 * language whose query repeats another's or matches nothing by itself.
 */
function anyLanguage(index: (language: 'fr' | 'en' | 'xx') => string): string {
  return `(${index('fr')} OR ${index('en')} OR ${index('xx')})`;
}

/** The quoted lexemes of a tsquery, each a row `m` whose m[1] is the lexeme (quotes doubled). */
function lexemesOf(query: string): string {
  return `regexp_matches(${query}::text, '''((?:[^'']|'''')*)''', 'g')`;
}

/**
 * An AND of plain lexemes probes the indexes with its rarest lexemes: GIN decodes each probed
 * lexeme's posting list (a common word's is most of the archive), where a lexeme left out costs
 * the rows it would have ruled out, each checked against the whole query after. Checking a row
 * costs about what decoding this many posting-list entries costs (docs/search.md), so the next
 * rarest lexeme is probed while the rows it rules out (by the column statistics, the lexemes
 * taken as independent) outnumber its entries divided by this.
 */
export const ENTRIES_PER_ROW_CHECKED = 600;

/**
 * The languages' queries the indexes are probed with (fr_i, en_i, xx_i; NULL: not probed). Not
 * one matching nothing by itself, nor one whose matches another's include: the same query, or an
 * AND of plain lexemes (no OR, NOT or phrase) holding every lexeme of another such AND (an
 * English headline's French and simple queries hold its English one's, stop words and all). An
 * AND of lexemes and phrases is probed with its rarest lexemes (ENTRIES_PER_ROW_CHECKED): a
 * phrase's rarest, and beside a name the query spells, the rarest of its other words, a name's
 * words counted as one (docs/search.md). Each article is checked
 * against its own language's query after; every index scan costs about the same at 1,000,000
 * articles, whatever it finds (docs/search.md).
 */
const INDEXED_QUERIES = `
  WITH languages AS (
    SELECT l.n, l.query, numnode(l.query) > 0 AND querytree(l.query) <> 'T' AS usable,
           CASE WHEN o.operators !~ '[|!<]' THEN ARRAY(SELECT m[1] FROM ${lexemesOf('l.query')} m) END AS lexemes,
           -- an AND of lexemes and phrases: each operand's lexemes, numbered (a phrase's together:
           -- 'agadovo-heim' <-> 'agadovo' <-> 'heim')
           CASE WHEN o.operators !~ '[|!]' THEN ARRAY(
             SELECT jsonb_build_object('operand', g.i, 'lexeme', m[1])
               FROM regexp_split_to_table(l.query::text, ' & ') WITH ORDINALITY g(operand, i), ${lexemesOf('g.operand')} m) END AS operands,
           -- the words and lexemes of the names the query spells, in this language
           (SELECT words FROM spelled_words)
             || ARRAY(SELECT unnest(tsvector_to_array(to_tsvector(l.config, p.phrase))) FROM spelled_phrases p) AS name_words
      FROM unnest(ARRAY[t0.fr, t0.en, t0.xx], ARRAY['public.news_french', 'public.news_english', 'public.news_simple']::regconfig[])
             WITH ORDINALITY AS l(query, config, n)
      CROSS JOIN LATERAL (SELECT regexp_replace(l.query::text, '''(?:[^'']|'''')*''', '', 'g') AS operators) o
  ), probed AS (
    SELECT a.n, a.query FROM languages a
     WHERE a.usable AND NOT EXISTS (
             SELECT 1 FROM languages b
              WHERE b.usable AND b.n <> a.n
                AND (b.query = a.query AND b.n < a.n
                     OR b.lexemes <@ a.lexemes AND (NOT a.lexemes <@ b.lexemes OR b.n < a.n)))
  ), rarest AS (
    -- no statistics (a fresh database before ANALYZE): every lexeme is probed
    SELECT p.n, CASE WHEN (SELECT count(DISTINCT x->>'operand') FROM unnest(l.operands) x) > 1
                      AND EXISTS (SELECT 1 FROM lexeme_stats s WHERE s.elems IS NOT NULL) THEN (
             SELECT string_agg('''' || k.lexeme || '''', ' & ')::tsquery
               FROM (SELECT r.lexeme, r.share, r.named, row_number() OVER w AS i,
                            -- the lexemes taken as independent, but a spelled name's as one against the others:
                            -- the rows a name's lexemes leave are those of its rarest (its others are mostly there)
                            CASE WHEN r.named THEN f.total * exp(coalesce(sum(ln(r.share)) OVER before, 0))
                                 ELSE f.total * coalesce(min(CASE WHEN r.named THEN r.share END) OVER before, 1)
                                      * exp(coalesce(sum(CASE WHEN NOT r.named THEN ln(r.share) END) OVER before, 0)) END AS estimated
                       FROM (SELECT r.* FROM (
                               SELECT r.*, bool_or(r.named) OVER () AS spelled, row_number() OVER (PARTITION BY r.named ORDER BY r.share, r.lexeme) AS rank_in_kind
                                 FROM (SELECT DISTINCT ON (c.operand) c.*
                                         FROM (SELECT x->>'operand' AS operand, x->>'lexeme' AS lexeme,
                                                      -- a lexeme the statistics do not list is rarer than the rarest they do
                                                      coalesce(s.freqs[array_position(s.elems, replace(x->>'lexeme', '''''', ''''))], s.freqs[cardinality(s.elems) + 1]) AS share,
                                                      regexp_split_to_array(replace(x->>'lexeme', '''''', ''''), '[^[:alnum:]]+') <@ l.name_words AS named
                                                 FROM unnest(l.operands) x LEFT JOIN lexeme_stats s ON TRUE) c
                                        -- a phrase's rarest lexeme: its others are in the same articles
                                        ORDER BY c.operand, c.share, c.lexeme) r) r
                              -- beside a name, the rarest of the other lexemes (a headline's other words come together)
                              WHERE NOT r.spelled OR r.named OR r.rank_in_kind = 1) r
                     WINDOW w AS (ORDER BY r.share, r.lexeme), before AS (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)) k
              WHERE k.i = 1 OR k.estimated * (1 - k.share) > f.total * k.share / ${ENTRIES_PER_ROW_CHECKED})
           ELSE p.query END AS query
      FROM probed p JOIN languages l ON l.n = p.n
      CROSS JOIN (SELECT total FROM article_total) f
  )
  SELECT (SELECT query FROM rarest WHERE n = 1) AS fr_i, (SELECT query FROM rarest WHERE n = 2) AS en_i,
         (SELECT query FROM rarest WHERE n = 3) AS xx_i`;

/**
 * news_search_weekly_query's rewriting of a query (migration SearchRanking: phrases as ANDs,
 * each lexeme suffixed with `@`, the tag and the week) done once a statement, with chr(1)
 * (which no lexeme holds: the parser splits on it) where the tag and the week go. The
 * function, called for each week probed, ran a query of its own each time: 60-100 µs, a
 * hundred times in a name search.
 */
function weeklyTemplate(query: string): string {
  return `regexp_replace(regexp_replace(${query}::text, '<[0-9]+>|<->', '&', 'g'), '''((?:[^'']|'''')*)''', '''\\1@' || chr(1) || '''', 'g')`;
}

/** The weekly query of `weeks` weeks back from `week` (news_search_weekly_query's) from a language's template. */
function weeklyQuery(language: 'fr' | 'en' | 'xx', week: string, weeks: number, tag: string): string {
  const one = (back: number) => `replace((SELECT ${language}_w FROM q), chr(1), '${tag}' || (${week} - ${back}))`;
  if (weeks === 1) return `${one(0)}::tsquery`;
  return `(${Array.from({ length: weeks }, (_, back) => `'(' || ${one(back)} || ')'`).join(` || ' | ' || `)})::tsquery`;
}

/**
 * The `q` CTE that weeklyTextMatch reads, for the query text `text` (a placeholder): each
 * language's query, its weekly template, and whether an index can serve it (a query of
 * excluded words only cannot).
 */
export function weeklyTextQueries(text: string): string {
  return `SELECT t.*, ${weeklyTemplate('t.fr')} AS fr_w, ${weeklyTemplate('t.en')} AS en_w, ${weeklyTemplate('t.xx')} AS xx_w,
                 numnode(t.fr || t.en || t.xx) > 0 AND querytree(t.fr || t.en || t.xx) <> 'T' AS usable
            FROM (SELECT websearch_to_tsquery('public.news_french', ${text}) AS fr, websearch_to_tsquery('public.news_english', ${text}) AS en,
                         websearch_to_tsquery('public.news_simple', ${text}) AS xx) t`;
}

/**
 * An article `a` of the `weeks` weeks back from `week` matching the `q` CTE's query
 * (weeklyTextQueries) in its own language, found through the weekly index: a listing's
 * newest matches read a few weeks at a time, as a search walks them.
 */
export function weeklyTextMatch(week: string, weeks: number): string {
  const indexed = anyLanguage((language) => `news_search_weekly(a.search_vector, a.published_at) @@ ${weeklyQuery(language, week, weeks, '')}`);
  return `${indexed} AND ${ARTICLE_TEXT_MATCH}`;
}

/** An article `a` matching the `q` CTE's query (weeklyTextQueries) in its own language, checked on the article itself. */
export const ARTICLE_TEXT_MATCH = `ts_match_vq(a.search_vector, ${ARTICLE_QUERY})`;

/**
 * An article `a` tagged with a name the query spells, when the articles are narrowed to those
 * names' tags (the `narrowed` CTE); any article else. Probed by key (OFFSET 0: PostgreSQL hashed
 * all of a busy name's tags).
 */
const TAGGED_IF_NARROWED = `(NOT (SELECT tagged FROM narrowed)
  OR EXISTS (SELECT 1 FROM article_entity ae WHERE ae.article_id = a.id AND ae.entity_id = ANY ((SELECT ids FROM spelling)::int[]) OFFSET 0))`;

/** Articles of a week (`weekly`: 1 week, or `weeks` from it back, in titles with tag 't') or of the archive matching, checked against the article's own language's query. */
function articleMatch(weekly: string | null, weeks = 1, tag = '', vector = 'a.search_vector'): string {
  const indexed = weekly === null
    ? anyLanguage((language) => `a.search_vector @@ (SELECT ${language}_i FROM q)`)
    : anyLanguage((language) => `news_search_weekly(a.search_vector, a.published_at) @@ ${weeklyQuery(language, weekly, weeks, tag)}`);
  return `${indexed} AND ts_match_vq(${vector}, ${ARTICLE_QUERY}) AND ${TAGGED_IF_NARROWED}`;
}

/** An entity `e` that is no one else's and bears one of `phrases` (a text[]) as a name or alias (entity_name_phrase_idx). */
const bearsOneOf = (phrases: string) => `news_name_phrases(e.name, e.aliases) && ${phrases} AND e.merged_into_id IS NULL`;
const BEARS_RUN = bearsOneOf('ARRAY[r.phrase]');

/**
 * Hits of a full search, each with its score, and `counts` (one row: matching names, and
 * matching articles, exact or estimated). $1 query, $2 its words, $3 RANKED_ARTICLES.
 *
 * Articles: `walk` reads week after week, newest first, each week's matches newest first,
 * and stops at $3 + 1 rows; `titles` does the same for title matches. When it finds no more
 * than $3 in WALK_WEEKS weeks, `archive` reads up to ARCHIVE_ROWS + 1 of the whole archive's
 * matches (an uncorrelated condition: PostgreSQL skips the scan otherwise): at most ARCHIVE_ROWS
 * are all of them, counted exactly, their newest $3 ranked and their title matches among them;
 * more, and `older` walks on past WALK_WEEKS, a few weeks a probe, to $3 + 1 in all, and the
 * count is estimated from the time span walked. A query of excluded words only (`-maroc`) matches no
 * article: it would read the whole index.
 */
const FULL_HITS = `
  -- the statistics of the articles' lexemes, read and detoasted once (converted: a column kept
  -- as read is detoasted again at each lookup)
  lexeme_stats AS MATERIALIZED (
    SELECT most_common_elems::text::text[] AS elems, most_common_elem_freqs::float8[] AS freqs FROM pg_stats
     WHERE schemaname = current_schema() AND tablename = 'article' AND attname = 'search_vector'
  ),
  -- Names the query spells whole (docs/search.md, "What matches"): every run of two to
  -- SPELLED_NAME_WORDS of its words, folded and joined by spaces, probed in the names' phrases
  -- (entity_name_phrase_idx): the runs some name bears, and no more than SPELLED_NAME_BEARERS
  -- (probed apart: which run an entity bears is then known without recomputing its phrases)
  spelled_runs AS MATERIALIZED (
    SELECT r.first, r.last, r.phrase
      FROM (SELECT i AS first, j AS last, array_to_string(w.words[i:j], ' ') AS phrase
              FROM (SELECT regexp_split_to_array(news_spaced_words($1), ' ') AS words) w,
                   generate_series(1, least(cardinality(w.words), ${MAX_QUERY_LENGTH})) i,
                   generate_series(i + 1, least(cardinality(w.words), i + ${SPELLED_NAME_WORDS - 1})) j
            ) r
     WHERE EXISTS (SELECT 1 FROM entity e WHERE ${BEARS_RUN}) AND NOT EXISTS (SELECT 1 FROM entity e WHERE ${BEARS_RUN} OFFSET ${SPELLED_NAME_BEARERS})
  ),
  -- the longest runs: a run within another ("Agadovo-heim 9669" in "Agadovo-heim 9669 Port
  -- Authority") is a part of that name
  spelled_phrases AS MATERIALIZED (
    SELECT s.phrase FROM spelled_runs s
     WHERE NOT EXISTS (SELECT 1 FROM spelled_runs o
                        WHERE o.first <= s.first AND o.last >= s.last AND o.last - o.first > s.last - s.first)
  ),
  spelled AS MATERIALIZED (
    SELECT e.id, coalesce((SELECT x.articles FROM entity_prominence x WHERE x.entity_id = e.id), 0) AS tags
      FROM entity e
     WHERE ${bearsOneOf('ARRAY(SELECT phrase FROM spelled_phrases)')}
  ),
  -- their words, folded
  spelled_words AS MATERIALIZED (
    SELECT ARRAY(SELECT DISTINCT unnest(string_to_array(p.phrase, ' ')) FROM spelled_phrases p) AS words
  ),
  q AS MATERIALIZED (
    SELECT t.*, ${weeklyTemplate('fr_i')} AS fr_w, ${weeklyTemplate('en_i')} AS en_w, ${weeklyTemplate('xx_i')} AS xx_w,
           -- the terms matched against name words: the query's words, or the whole query when none has three letters
           CASE WHEN cardinality(t.folded_words) > 0 THEN t.folded_words ELSE ARRAY[t.folded] END AS name_terms
      FROM (
        SELECT fr, en, xx, i.fr_i, i.en_i, i.xx_i,
               numnode(fr || en || xx) > 0 AND querytree(fr || en || xx) <> 'T' AS usable,
               news_search_week(newest) AS last_week, newest, oldest,
               set_config('pg_trgm.word_similarity_threshold', '${NAME_SIMILARITY_THRESHOLD}', true) IS NOT NULL AS names_ready,
               -- folded once here, not once per name compared (unaccent costs microseconds a call)
               news_fold($1) AS folded, ARRAY(SELECT news_fold(w) FROM unnest($2::text[]) w) AS folded_words
          FROM (SELECT websearch_to_tsquery('public.news_french', $1) AS fr, websearch_to_tsquery('public.news_english', $1) AS en,
                       websearch_to_tsquery('public.news_simple', $1) AS xx,
                       (SELECT max(published_at) FROM article) AS newest, (SELECT min(published_at) FROM article) AS oldest) t0
          CROSS JOIN LATERAL (${INDEXED_QUERIES}) i
      ) t
  ),
  -- busy: names tagged on more than LINKED_ROWS articles, whose matches are the archive's
  -- (walked as without a name) tagged with one of them
  -- counted: tagged on at most ARCHIVE_ROWS articles, all their matches are read and counted; on
  -- more, the newest $3 + 1 (reads), their number estimated as a walk's
  spelling AS MATERIALIZED (
    SELECT t.*, CASE WHEN t.counted THEN ${ARCHIVE_ROWS} + 1 ELSE $3 + 1 END AS reads
      FROM (SELECT coalesce(array_agg(id), '{}') AS ids, coalesce(sum(tags), 0) > ${LINKED_ROWS} AS busy,
                   coalesce(sum(tags), 0) <= ${ARCHIVE_ROWS} AS counted
              FROM spelled) t
  ),
  -- their articles matching the query, newest first along each name's tags (a name's articles
  -- grow with its mentions, not with the archive): when there are any, the articles that match
  linked AS MATERIALIZED (
    SELECT l.* FROM (
      SELECT DISTINCT ON (m.id) m.*
        FROM spelled s
        CROSS JOIN (SELECT busy FROM spelling) b
        CROSS JOIN LATERAL (SELECT ${CANDIDATE_COLUMNS} FROM article_entity ae JOIN article a ON a.id = ae.article_id
                             WHERE NOT b.busy AND (SELECT usable FROM q) AND ae.entity_id = s.id AND ts_match_vq(a.search_vector, ${ARTICLE_QUERY})
                             ORDER BY ae.published_at DESC, ae.article_id DESC
                             LIMIT (SELECT reads FROM spelling)) m) l
     ORDER BY l.published_at DESC, l.id DESC
     LIMIT (SELECT reads FROM spelling)
  ),
  -- by_tags: the articles are the ones read through the names' tags (the walks and the archive's
  -- scans are not run); tagged: narrowed to the tags, read through them or a busy name's
  narrowed AS MATERIALIZED (
    SELECT n.by_tags, n.by_tags OR (SELECT busy FROM spelling) AS tagged FROM (SELECT EXISTS (SELECT 1 FROM linked) AS by_tags) n
  ),
  -- a dense query (every lexeme common, by the column statistics): its newest matches along
  -- the date index, which finds $3 + 1 of them within DENSE_ROWS articles
  density AS MATERIALIZED (
    SELECT coalesce(max(d), 0) >= ${DENSE_SHARE} AS dense
      FROM (SELECT (SELECT min(coalesce(s.freqs[array_position(s.elems, replace(m[1], '''''', ''''))], 0))
                      FROM ${lexemesOf('x')} m
                      LEFT JOIN lexeme_stats s ON TRUE) AS d
              FROM q, unnest(ARRAY[q.fr_i, q.en_i, q.xx_i]) x WHERE x IS NOT NULL AND q.usable) t
  ),
  newest AS MATERIALIZED (
    SELECT a.*
      FROM (SELECT ${CANDIDATE_COLUMNS} FROM article a WHERE (SELECT dense FROM density) AND NOT (SELECT by_tags FROM narrowed)
             ORDER BY a.published_at DESC, a.id DESC LIMIT ${DENSE_ROWS}) a
     WHERE ts_match_vq(a.search_vector, ${ARTICLE_QUERY}) AND ${TAGGED_IF_NARROWED}
     LIMIT $3 + 1
  ),
  weeks_walk AS MATERIALIZED (
    SELECT m.*
      FROM generate_series((SELECT last_week FROM q), (SELECT last_week FROM q) - ${WALK_WEEKS - 1}, -1) w(week)
      CROSS JOIN LATERAL (SELECT ${CANDIDATE_COLUMNS} FROM article a WHERE ${articleMatch('w.week')}
                           ORDER BY a.published_at DESC, a.id DESC) m
     WHERE (SELECT usable FROM q) AND (SELECT count(*) FROM newest) <= $3 AND NOT (SELECT by_tags FROM narrowed)
     LIMIT $3 + 1
  ),
  walk AS MATERIALIZED (
    SELECT * FROM newest WHERE (SELECT count(*) FROM newest) > $3 UNION ALL SELECT * FROM weeks_walk
  ),
  -- fewer than $3 + 1 in WALK_WEEKS weeks, at a pace that makes more than ARCHIVE_ROWS over
  -- the whole archive
  pace AS MATERIALIZED (
    SELECT n > $3 AS walk_full,
           n <= $3 AND n * (q.last_week - news_search_week(q.oldest) + 1) > ${ARCHIVE_ROWS} * ${WALK_WEEKS} AS many
      FROM (SELECT count(*) AS n FROM walk) c, q
  ),
  -- otherwise: the archive's matches in any order, ARCHIVE_ROWS + 1 at most (the index read
  -- whole, the rows only so far): all of them when no more match
  archive AS MATERIALIZED (
    (SELECT ${CANDIDATE_COLUMNS} FROM article a
      WHERE ${articleMatch(null)} AND (SELECT usable FROM q) AND NOT (SELECT walk_full OR many FROM pace)
        AND NOT (SELECT by_tags FROM narrowed)
      LIMIT ${ARCHIVE_ROWS} + 1)
    UNION ALL SELECT * FROM linked
  ),
  whole AS MATERIALIZED (
    SELECT NOT (SELECT walk_full OR many FROM pace) AND (SELECT count(*) FROM archive) <= ${ARCHIVE_ROWS}
           AND ((SELECT counted FROM spelling) OR (SELECT count(*) FROM linked) <= $3) AS archived
  ),
  -- more: the weeks past WALK_WEEKS walked as the recent ones, a few a probe, to $3 + 1 in all
  -- (sorting all of a headline's matches by date read and rechecked every one: 653 at 100,000)
  older AS MATERIALIZED (
    SELECT m.*
      FROM generate_series((SELECT last_week FROM q) - ${WALK_WEEKS}, news_search_week((SELECT oldest FROM q)), -${ARCHIVE_WEEKS_PER_PROBE}) w(week)
      CROSS JOIN LATERAL (SELECT ${CANDIDATE_COLUMNS} FROM article a WHERE ${articleMatch('w.week', ARCHIVE_WEEKS_PER_PROBE)}
                           ORDER BY a.published_at DESC, a.id DESC) m
     WHERE ((SELECT many FROM pace) OR (SELECT count(*) FROM archive) > ${ARCHIVE_ROWS}) AND NOT (SELECT by_tags FROM narrowed)
     LIMIT $3 + 1 - (SELECT count(*) FROM walk)
  ),
  -- every match when the archive held them all (up to ARCHIVE_ROWS), else at most $3 + 1
  walked AS MATERIALIZED (
    SELECT * FROM walk WHERE NOT (SELECT archived FROM whole)
    UNION ALL SELECT * FROM older
    UNION ALL SELECT * FROM archive WHERE (SELECT archived FROM whole)
    -- read through the tags, not all of them (more than ARCHIVE_ROWS, or a name not counted): the newest $3 + 1, as a walk finds them
    UNION ALL SELECT * FROM (SELECT * FROM linked ORDER BY published_at DESC, id DESC LIMIT $3 + 1) l WHERE NOT (SELECT archived FROM whole)
  ),
  -- the newest title matches among the matches walked (the newest ones, or every one when the
  -- archive held them all): when there are TITLE_MATCHES of them, no older match has a newer
  -- title match; fewer, and the titles are walked below
  titles_walked AS MATERIALIZED (
    SELECT a.* FROM walked a
     WHERE (SELECT count(*) FROM walked) > $3 AND ts_match_vq(ts_filter(a.search_vector, '{a}'), ${ARTICLE_QUERY})
     ORDER BY a.published_at DESC, a.id DESC
     LIMIT ${TITLE_MATCHES}
  ),
  titles_weeks AS MATERIALIZED (
    SELECT m.*
      FROM generate_series((SELECT last_week FROM q), news_search_week((SELECT oldest FROM q)), -${TITLE_WEEKS_PER_PROBE}) w(week)
      CROSS JOIN LATERAL (SELECT ${CANDIDATE_COLUMNS} FROM article a
                           WHERE ${articleMatch('w.week', TITLE_WEEKS_PER_PROBE, 't', `ts_filter(a.search_vector, '{a}')`)}
                           ORDER BY a.published_at DESC, a.id DESC) m
     -- when every match is a candidate already (or none matched), there is nothing to add
     WHERE (SELECT usable FROM q) AND (SELECT count(*) FROM walked) > $3 AND (SELECT count(*) FROM titles_walked) < ${TITLE_MATCHES}
       AND NOT (SELECT archived FROM whole)
     LIMIT ${TITLE_MATCHES}
  ),
  titles AS MATERIALIZED (
    SELECT * FROM titles_walked WHERE (SELECT count(*) FROM titles_walked) >= ${TITLE_MATCHES} OR (SELECT archived FROM whole)
    UNION ALL SELECT * FROM titles_weeks
  ),
  -- with the columns ranking needs, read along with the match (probing each by key again
  -- cost 200 index scans)
  candidates AS MATERIALIZED (
    SELECT DISTINCT ON (id) * FROM (
      (SELECT * FROM walked ORDER BY published_at DESC, id DESC LIMIT $3) UNION ALL SELECT * FROM titles) c
  ),
  article_counts AS MATERIALIZED (
    SELECT CASE WHEN n.walked > $3 AND NOT w.archived
                THEN round($3 * greatest(1, extract(epoch FROM q.newest - q.oldest)::float8)
                           / greatest(1, extract(epoch FROM q.newest - n.walked_from)::float8))::bigint
                ELSE n.walked END AS estimated,
           n.walked <= $3 OR w.archived AS exact
      FROM q, whole w, (SELECT count(*) AS walked, min(published_at) AS walked_from FROM walked) n
  ),
  -- Names (docs/search.md): each query word (the whole query when none has three letters)
  -- against the names' distinct words, whose trigram index does not grow with the entities;
  -- their bearers by key; the NAME_CANDIDATES bearing the most of the query, the most
  -- prominent first among equals, are the names ranked.
  -- a query word that is a name word matches it alone: its neighbours are typos of it only
  -- when it is none ("ville" matched 33 words, "osville" and "tanville" among them); a number
  -- is no typo of another ("19692" matched 1,116 numbers of names at 1,000,000 articles), and is
  -- looked up whole, not among its trigram neighbours (thousands of numbers to compare)
  name_words AS MATERIALIZED (
    SELECT m.term, m.word, m.similarity, m.bearers
      FROM (SELECT v.term, v.word, v.bearers, word_similarity(v.term, v.word) AS similarity, bool_or(v.word = v.term) OVER (PARTITION BY v.term) AS exists_whole
              FROM (SELECT t.term, v.word, v.bearers
                      FROM unnest((SELECT name_terms FROM q)) t(term)
                      JOIN search_name_word v ON t.term <% v.word
                     WHERE t.term !~ '^[0-9]+$'
                    UNION ALL
                    SELECT t.term, v.word, v.bearers
                      FROM unnest((SELECT name_terms FROM q)) t(term)
                      JOIN search_name_word v ON v.word = t.term
                     WHERE t.term ~ '^[0-9]+$') v
             WHERE (SELECT names_ready FROM q)) m
     WHERE m.word = m.term OR NOT (m.exists_whole OR m.term ~ '^[0-9]+$')
  ),
  -- single: one name word matched; split: rare and common ones (RARE_NAME_WORD); common:
  -- several, every one common
  name_route AS MATERIALIZED (
    SELECT count(*) = 1 AS single, count(*) > 1 AND bool_or(bearers <= ${RARE_NAME_WORD}) AND bool_or(bearers > ${RARE_NAME_WORD}) AS split,
           count(*) > 1 AND bool_and(bearers > ${RARE_NAME_WORD}) AS common
      FROM name_words
  ),
  -- common: the NAME_CANDIDATES most prominent bearers of each two words matching two query
  -- words (entity_name_pair: a name bearing both, which neither word's first bearers holds),
  -- scored by id for every common word they bear
  scored_by_id AS MATERIALIZED (
    SELECT p.entity_id, p.articles
      FROM name_words a JOIN name_words b ON a.term < b.term AND a.word <> b.word
      CROSS JOIN LATERAL (SELECT p.entity_id, p.articles FROM entity_name_pair p
                           WHERE p.first_word = least(a.word, b.word) AND p.second_word = greatest(a.word, b.word)
                           ORDER BY p.articles DESC, p.entity_id LIMIT ${NAME_CANDIDATES} OFFSET 0) p
     WHERE (SELECT common FROM name_route)
  ),
  -- each matched word's bearers, most prominent first: typed alone, or common, its
  -- NAME_CANDIDATES first (the first of all are among them); otherwise all of them, grouped
  -- (the names bearing several of the query's words come first). Split, every bearer of a rare
  -- word is scored for the common words it bears too, found as the pairs of the two words in
  -- entity_name_pair rather than by reading each bearer's words (docs/search.md); common, each
  -- name scored_by_id.
  name_bearers AS MATERIALIZED (
    SELECT b.entity_id, sum(b.similarity) AS matched, max(b.articles) AS articles
      FROM (SELECT u.term, u.entity_id, max(u.similarity) AS similarity, max(u.articles) AS articles
              FROM (SELECT w.term, ew.entity_id, w.similarity, ew.articles
                      FROM name_words w
                      -- OFFSET 0: the generic plan hashed the whole table
                      CROSS JOIN LATERAL (SELECT ew.entity_id, ew.articles FROM entity_name_word ew WHERE ew.word = w.word
                                           ORDER BY ew.articles DESC, ew.entity_id
                                           LIMIT CASE WHEN (SELECT single OR common OR (split AND w.bearers > ${RARE_NAME_WORD}) FROM name_route)
                                                      THEN ${NAME_CANDIDATES} END OFFSET 0) ew
                    UNION ALL
                    SELECT c.term, p.entity_id, c.similarity, p.articles
                      FROM name_words r JOIN name_words c ON r.bearers <= ${RARE_NAME_WORD} AND c.bearers > ${RARE_NAME_WORD} AND r.word <> c.word
                      CROSS JOIN LATERAL (SELECT p.entity_id, p.articles FROM entity_name_pair p
                                           WHERE p.first_word = least(r.word, c.word) AND p.second_word = greatest(r.word, c.word) OFFSET 0) p
                     WHERE (SELECT split FROM name_route)
                    UNION ALL
                    SELECT c.term, r.entity_id, c.similarity, r.articles
                      FROM scored_by_id r
                      CROSS JOIN LATERAL (SELECT x.word FROM entity_name_word x WHERE x.entity_id = r.entity_id OFFSET 0) x
                      JOIN name_words c ON c.word = x.word AND c.bearers > ${RARE_NAME_WORD}) u
             GROUP BY u.term, u.entity_id) b
     GROUP BY b.entity_id
  ),
  -- every matching name counted: the one word's bearers (the vocabulary's count), or the
  -- bearers grouped; split or common, estimated: the most bearers one query word's matches have
  -- (counting a headline's 27,000 apart cost 20 ms)
  names_matched AS MATERIALIZED (
    SELECT CASE WHEN (SELECT single FROM name_route)
                THEN (SELECT sum(bearers) FROM name_words)
                WHEN (SELECT split OR common FROM name_route)
                THEN greatest((SELECT count(*) FROM name_bearers), (SELECT max(n) FROM (SELECT sum(bearers) AS n FROM name_words GROUP BY term) t))
                ELSE (SELECT count(*) FROM name_bearers) END AS n
  ),
  entity_ids AS (
    SELECT entity_id AS id, articles FROM name_bearers ORDER BY matched DESC, articles DESC, entity_id LIMIT ${NAME_CANDIDATES}
  ),
  -- the query's words, each with its words as a name's are split, and whether a name the query
  -- spells holds them all (such a word is no typo of another: it scores a name bearing it whole)
  query_terms AS MATERIALIZED (
    SELECT t.term, t.parts, cardinality(t.parts) > 0 AND t.parts <@ (SELECT words FROM spelled_words) AS spelled
      FROM (SELECT w AS term, string_to_array(news_spaced_words(w), ' ') AS parts FROM unnest((SELECT folded_words FROM q)) w) t
  ),
  entities AS MATERIALIZED (
    SELECT e.id, e.name,
           coalesce((SELECT avg(CASE WHEN t.spelled THEN (t.parts <@ e.words)::int ELSE word_similarity(t.term, e.search_text) END) FROM query_terms t),
                    word_similarity((SELECT folded FROM q), e.search_text)) AS similarity,
           -- the bearer's count is entity_prominence's (kept by its triggers): no probe there
           coalesce(ln(1 + i.articles) / nullif(ln(1 + (SELECT max(articles) FROM entity_prominence)), 0), 0) AS prominence
      FROM entity_ids i
      -- each matching name's row probed by key (OFFSET 0): joined whole, the generic plan
      -- hashed the entity table, which grows with the archive
      CROSS JOIN LATERAL (SELECT e.id, e.name, e.search_text, string_to_array(news_spaced_words(e.search_text), ' ') AS words FROM entity e WHERE e.id = i.id OFFSET 0) e
  ),
  hits AS (
    SELECT 'entity' AS kind, id, (similarity * (${WEIGHTS.NAME} + ${WEIGHTS.PROMINENCE} * prominence))::float8 AS score, id * 2 AS tiebreak
      FROM entities
    UNION ALL
    SELECT 'article', a.id,
           (${WEIGHTS.ARTICLE_CAP} * (
              ${WEIGHTS.TEXT} * (${WEIGHTS.TITLE} * (ts_filter(a.search_vector, '{a}') @@ ${ARTICLE_QUERY})::int
                                 + ${1 - WEIGHTS.TITLE} * least(1, 2 * ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', a.search_vector, ${ARTICLE_QUERY}, 32)))
            + ${WEIGHTS.RECENCY} * power(0.5, extract(epoch FROM (SELECT newest FROM q) - a.published_at)::float8 / ${WEIGHTS.RECENCY_HALF_LIFE_DAYS * 86400})
            + ${WEIGHTS.LINKED} * coalesce(l.similarity, 0)
           ))::float8,
           a.id * 2 + 1
      FROM candidates a
      -- per candidate, its few tags by primary key (from the names' side, a popular name has
      -- thousands of articles), looked up in the matching names as arrays
      CROSS JOIN (SELECT array_agg(id) AS ids, array_agg(similarity) AS similarities FROM entities) n
      LEFT JOIN LATERAL (SELECT max(n.similarities[array_position(n.ids, ae.entity_id)]) AS similarity
                           FROM article_entity ae WHERE ae.article_id = a.id) l ON TRUE
  )`;

/** Names a prefix search counts exactly; beyond, `matchCount` says at least this many (not exact). */
const PREFIX_COUNTED = 1000;
/** Bearers a prefix search of several words reads at most (its longest word's, spread over the name words it starts). */
const PREFIX_BEARERS = 20000;

/**
 * Hits of a prefix search (search-as-you-type): names whose words start with every word
 * typed ("abdellatif hamm"), those whose words the typed ones are whole first, then the most
 * prominent (docs/search.md). The name words the
 * longest typed word starts (the vocabulary's trigram index), their bearers with their
 * prominence from the index alone; typed alone, each word's NAME_CANDIDATES most prominent
 * (the most prominent of all are among them); with other words, each bearer is checked to
 * bear words they start, by its id. The NAME_CANDIDATES first in that order are ranked.
 */
const PREFIX_HITS = `
  f AS MATERIALIZED (
    SELECT news_fold($3) AS longest,
           ARRAY(SELECT DISTINCT news_fold(w) FROM unnest($2::text[]) w WHERE news_fold(w) <> news_fold($3)) AS others
  ),
  prefix_words AS MATERIALIZED (
    SELECT v.word FROM search_name_word v WHERE v.word LIKE (SELECT longest FROM f) || '%'
  ),
  -- each word's bearers, most prominent first (OFFSET 0: the generic plan hashed the whole table)
  bearers_read AS MATERIALIZED (
    SELECT w.word, b.entity_id, b.articles, c.cap
      FROM (SELECT CASE WHEN cardinality(others) = 0 THEN ${NAME_CANDIDATES}
                        ELSE greatest(${NAME_CANDIDATES}, ${PREFIX_BEARERS} / greatest(1, (SELECT count(*) FROM prefix_words))::int) END AS cap
              FROM f) c
      CROSS JOIN prefix_words w
      CROSS JOIN LATERAL (SELECT ew.entity_id, ew.articles FROM entity_name_word ew WHERE ew.word = w.word
                           ORDER BY ew.articles DESC, ew.entity_id LIMIT c.cap OFFSET 0) b
  ),
  -- every other word typed starts one of the name's words; \`whole\`: how many typed words are whole words of it
  bearers AS MATERIALIZED (
    SELECT b.entity_id, max(b.articles) AS articles,
           bool_or(b.word = (SELECT longest FROM f))::int
             + (SELECT count(*) FROM unnest((SELECT others FROM f)) o
                 WHERE EXISTS (SELECT 1 FROM entity_name_word x WHERE x.entity_id = b.entity_id AND x.word = o)) AS whole
      FROM bearers_read b
     WHERE NOT EXISTS (SELECT 1 FROM unnest((SELECT others FROM f)) o
                        WHERE NOT EXISTS (SELECT 1 FROM entity_name_word x WHERE x.entity_id = b.entity_id AND x.word LIKE o || '%'))
     GROUP BY b.entity_id
  ),
  -- typed alone, the bearers counted by id alone, up to PREFIX_COUNTED
  prefix_counts AS MATERIALIZED (
    SELECT CASE WHEN cardinality(f.others) = 0 THEN t.n ELSE (SELECT count(*) FROM bearers) END AS n,
           CASE WHEN cardinality(f.others) = 0 THEN t.rows <= ${PREFIX_COUNTED} ELSE NOT EXISTS (SELECT 1 FROM bearers_read GROUP BY word HAVING count(*) = max(cap)) END AS exact
      FROM f,
           (SELECT count(DISTINCT entity_id) AS n, count(*) AS rows
              FROM (SELECT ew.entity_id FROM prefix_words w
                     CROSS JOIN LATERAL (SELECT ew.entity_id FROM entity_name_word ew WHERE ew.word = w.word AND cardinality((SELECT others FROM f)) = 0 OFFSET 0) ew
                     LIMIT ${PREFIX_COUNTED + 1}) r) t
  ),
  entity_ids AS (
    SELECT entity_id AS id, articles, whole FROM bearers ORDER BY whole DESC, articles DESC, entity_id LIMIT ${NAME_CANDIDATES}
  ),
  entities AS MATERIALIZED (
    SELECT e.id, e.name, i.whole::float8 / (1 + cardinality((SELECT others FROM f))) AS whole,
           coalesce(ln(1 + i.articles) / nullif(ln(1 + (SELECT max(articles) FROM entity_prominence)), 0), 0) AS prominence
      FROM entity_ids i
      CROSS JOIN LATERAL (SELECT e.id, e.name FROM entity e WHERE e.id = i.id OFFSET 0) e
  ),
  hits AS (
    SELECT 'entity' AS kind, id,
           (${WEIGHTS.NAME} * (0.5 + 0.5 * whole) + ${WEIGHTS.PROMINENCE} * prominence)::float8 AS score,
           id * 2 AS tiebreak
      FROM entities
  )`;

/** The page of hits after the keyset, with highlights for the page's articles only. */
function pageSql(ds: DataSource, hits: string, keyset: { where: string; order: string }, limitParam: string, counts: string): string {
  return `
    WITH ${hits},
    page AS MATERIALIZED (SELECT * FROM hits h WHERE ${keyset.where} ORDER BY ${keyset.order} LIMIT ${limitParam})
    SELECT c.entity_matches, c.names_matched, c.article_matches, c.articles_ranked, c.exact,
           p.kind, p.id, p.score, p.tiebreak, e.name,
           CASE WHEN p.kind = 'article' THEN ${positionalRow(ds, Article, 'a').sql} ELSE ${positionalRow(ds, NamedEntity, 'e').sql} END AS row,
           CASE WHEN p.kind = 'article' THEN ts_headline(news_ts_config(a.language), a.title || E'\\n' || a.body,
             CASE a.language WHEN 'fr' THEN websearch_to_tsquery('public.news_french', $1) WHEN 'en' THEN websearch_to_tsquery('public.news_english', $1)
                  ELSE websearch_to_tsquery('public.news_simple', $1) END,
             'StartSel=${MARK_START}, StopSel=${MARK_STOP}, MaxFragments=2, MaxWords=24, MinWords=8, FragmentDelimiter=" … "') END AS headline
      FROM (${counts}) c
      LEFT JOIN page p ON TRUE
      -- the page's rows by key (OFFSET 0: joined, the generic plan hashed the whole entity table)
      LEFT JOIN LATERAL (SELECT a.* FROM article a WHERE p.kind = 'article' AND a.id = p.id OFFSET 0) a ON TRUE
      LEFT JOIN LATERAL (SELECT e.* FROM entity e WHERE p.kind = 'entity' AND e.id = p.id OFFSET 0) e ON TRUE
     ORDER BY ${keyset.order.replace(/h\./g, 'p.')}`;
}

const FULL_COUNTS = `
  SELECT (SELECT count(*) FROM entities)::int AS entity_matches, (SELECT n FROM names_matched)::int AS names_matched,
         ac.estimated::int AS article_matches,
         (SELECT count(*) FROM candidates)::int AS articles_ranked, ac.exact AND NOT (SELECT split OR common FROM name_route) AS exact
    FROM article_counts ac`;

const PREFIX_COUNTS = `SELECT (SELECT count(*) FROM entities)::int AS entity_matches, greatest(pc.n, (SELECT count(*) FROM entities))::int AS names_matched, 0 AS article_matches, 0 AS articles_ranked, pc.exact FROM prefix_counts pc`;

interface Row extends HitFacts {
  kind: SearchHit['kind'] | null;
  row: unknown[];
  /** Names ranked (and paged through). */
  entity_matches: number;
  /** Names matching, ranked or not (FULL: more than NAME_CANDIDATES match a common word). */
  names_matched: number;
  article_matches: number;
  articles_ranked: number;
  exact: boolean;
}

/**
 * Articles and entities matching a query, best first (FULL), or names starting with what
 * was typed (PREFIX). One statement: candidates, counts, ranking, the page, its rows and
 * their highlights. Entities match by trigram word similarity (accent- and typo-tolerant);
 * articles by full text with their language's stemming.
 */
export async function search(
  ds: DataSource,
  args: PageArgs & { query: string; mode?: SearchMode | null },
): Promise<SearchConnection> {
  const query = args.query.trim();
  if (!query) throw userInputError('query', 'must not be empty');
  if (query.length > MAX_QUERY_LENGTH) throw userInputError('query', `at most ${MAX_QUERY_LENGTH} characters, got ${query.length}`);
  const prefix = args.mode === 'PREFIX';
  const words = prefix ? prefixWords(query) : queryWords(query);
  if (prefix && !words.length) throw userInputError('query', 'must contain a letter or a digit');
  const page = pageRequest(args, 10, 'number');
  const longest = words.reduce((a, b) => (b.length > a.length ? b : a), '');
  const params: unknown[] = prefix ? [query, words, longest] : [query, words, RANKED_ARTICLES];
  const keyset = keysetSql(page, 'h.score', 'h.tiebreak', params, true);
  params.push(page.limit + 1);
  const sql = prefix
    ? pageSql(ds, PREFIX_HITS, keyset, `$${params.length}`, PREFIX_COUNTS)
    : pageSql(ds, FULL_HITS, keyset, `$${params.length}`, FULL_COUNTS);
  const result: Row[] = await ds.query(sql, params);
  const counts = result[0];
  // Rows as the loaders give them: instances of their entity class (the type of a SearchResult).
  const rows = result.flatMap(({ row, kind, ...facts }): SearchHit[] => {
    if (kind === 'article') return [{ ...facts, kind, node: Object.assign(new Article(), positionalRow(ds, Article, 'a').hydrate(row)) }];
    if (kind === 'entity') return [{ ...facts, kind, node: Object.assign(new NamedEntity(), positionalRow(ds, NamedEntity, 'e').hydrate(row)) }];
    return [];
  });
  const connection = toConnection<SearchHit, Article | NamedEntity, SearchEdgeFacts>(
    rows,
    page,
    (h) => [h.score, h.tiebreak],
    async () => counts.entity_matches + counts.articles_ranked,
    (h) => ({
      node: h.node,
      hit: h,
      score: h.score,
      highlight: h.kind === 'article' ? marksToHtml(h.headline ?? '') : highlightName(h.name ?? '', query, prefix),
    }),
  );
  return {
    ...connection,
    matchCount: counts.names_matched + counts.article_matches,
    matchCountIsExact: counts.exact,
  };
}
