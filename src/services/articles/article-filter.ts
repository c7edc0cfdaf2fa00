import { userInputError } from '../../schema/errors';
import { ENTITY_TYPES, entityKindOf, expectGlobalId } from '../../schema/global-id';
import type { EntityKind } from '../../entities';

const MAX_ENTITY_FILTER = 20;
/** The search text's limit, as `search`'s query (src/services/search). */
export const MAX_FILTER_SEARCH_LENGTH = 200;

/**
 * The schema's `ArticleFilter` input, as resolvers pass it (declared here, not imported from
 * the generated types, which import this module's types for their mappers).
 */
export interface ArticleFilterInput {
  language?: string | null;
  source?: string | null;
  topic?: string | null;
  publishedFrom?: Date | null;
  publishedTo?: Date | null;
  mentionsAll?: readonly string[] | null;
  mentionsAny?: readonly string[] | null;
  search?: string | null;
}

export interface FilterEntity {
  id: number;
  kind: EntityKind;
}

/**
 * An `ArticleFilter` checked once: ids decoded (their kind kept, so a facet can leave out
 * its own kind's selection), dates ordered, the search text trimmed. Webhooks store the
 * filter as given and parse it again when they match.
 */
export interface ParsedArticleFilter {
  language: string | null;
  source: string | null;
  topic: string | null;
  publishedFrom: Date | null;
  publishedTo: Date | null;
  mentionsAll: FilterEntity[] | null;
  mentionsAny: FilterEntity[] | null;
  search: string | null;
}

/** What a facet may leave out of the filter: its own selection. */
export type FilterPart = 'language' | 'source' | 'topic' | 'dates' | EntityKind;

function entities(argument: string, ids: readonly string[] | null | undefined): FilterEntity[] | null {
  if (ids == null) return null;
  if (ids.length > MAX_ENTITY_FILTER) throw userInputError(argument, `at most ${MAX_ENTITY_FILTER} entities, got ${ids.length}`);
  return ids.map((id, i) => {
    const decoded = expectGlobalId(`${argument}[${i}]`, id, ENTITY_TYPES);
    return { id: decoded.id, kind: entityKindOf(decoded.type)! };
  });
}

/** Checks a filter; throws BAD_USER_INPUT naming the field (`${argument}.mentionsAll[1]`). */
export function parseArticleFilter(filter: ArticleFilterInput | null | undefined, argument = 'filter'): ParsedArticleFilter {
  const f = filter ?? {};
  if (f.publishedFrom && f.publishedTo && f.publishedFrom > f.publishedTo) {
    throw userInputError(`${argument}.publishedFrom`, `must not be after ${argument}.publishedTo`);
  }
  let search: string | null = null;
  if (f.search != null) {
    search = f.search.trim();
    if (!search) throw userInputError(`${argument}.search`, 'must not be empty');
    if (search.length > MAX_FILTER_SEARCH_LENGTH) throw userInputError(`${argument}.search`, `at most ${MAX_FILTER_SEARCH_LENGTH} characters, got ${search.length}`);
  }
  return {
    language: f.language ?? null,
    source: f.source ?? null,
    topic: f.topic ?? null,
    publishedFrom: f.publishedFrom ?? null,
    publishedTo: f.publishedTo ?? null,
    mentionsAll: entities(`${argument}.mentionsAll`, f.mentionsAll),
    mentionsAny: entities(`${argument}.mentionsAny`, f.mentionsAny),
    search,
  };
}

/** Whether the filter selects anything beyond the whole archive (after leaving `omit` out). */
export function isUnfiltered(f: ParsedArticleFilter, omit: ReadonlySet<FilterPart> = new Set()): boolean {
  return articleFilterConditions(f, () => '$0', 'a', omit).length === 0;
}

/**
 * The filter as SQL conditions on the article alias `a` (none for no filter). `bind` adds
 * a parameter and answers its placeholder. `omit`: parts of the filter left out (a facet's
 * own selection); an entity kind leaves out the entities of that kind.
 */
export function articleFilterConditions(
  filter: ParsedArticleFilter,
  bind: (value: unknown) => string,
  a = 'a',
  omit: ReadonlySet<FilterPart> = new Set(),
): string[] {
  const f = withoutParts(filter, omit);
  const where: string[] = [];
  if (f.language != null) where.push(`${a}.language = ${bind(f.language)}`);
  if (f.source != null) where.push(`${a}.source_id = (SELECT id FROM source WHERE slug = ${bind(f.source)})`);
  if (f.topic != null) {
    where.push(`EXISTS (SELECT 1 FROM article_topic at JOIN topic t ON t.id = at.topic_id WHERE at.article_id = ${a}.id AND t.slug = ${bind(f.topic)})`);
  }
  if (f.publishedFrom != null) where.push(`${a}.published_at >= ${bind(f.publishedFrom)}`);
  // DateTime carries milliseconds and rows microseconds: the upper bound takes in its whole millisecond.
  if (f.publishedTo != null) where.push(`${a}.published_at < ${bind(f.publishedTo)}::timestamptz + interval '1 millisecond'`);
  const all = [...new Set(f.mentionsAll?.map((e) => e.id))];
  if (all.length) {
    // The entities' article lists joined on article id (index-only scans each): half the time of
    // grouping all their rows and counting, for two busy entities sharing thousands of articles.
    const joins = all.slice(1).map((id, i) => `JOIN article_entity ea${i + 1} ON ea${i + 1}.article_id = ea0.article_id AND ea${i + 1}.entity_id = ${bind(id)}`);
    where.push(`${a}.id IN (SELECT ea0.article_id FROM article_entity ea0 ${joins.join(' ')} WHERE ea0.entity_id = ${bind(all[0])})`);
  }
  if (f.mentionsAny) where.push(`EXISTS (SELECT 1 FROM article_entity ae WHERE ae.article_id = ${a}.id AND ae.entity_id = ANY(${bind(f.mentionsAny.map((e) => e.id))}))`);
  if (f.search != null) where.push(articleTextMatchSql(bind(f.search), a));
  return where;
}

/** The filter with the parts in `omit` left out (a facet's own selection); an entity kind leaves out the entities of that kind. */
export function withoutParts(f: ParsedArticleFilter, omit: ReadonlySet<FilterPart>): ParsedArticleFilter {
  if (!omit.size) return f;
  // An empty mentionsAny matches nothing, as it always did; left out by a facet, it no longer restricts.
  const any = f.mentionsAny?.filter((e) => !omit.has(e.kind)) ?? null;
  return {
    language: omit.has('language') ? null : f.language,
    source: omit.has('source') ? null : f.source,
    topic: omit.has('topic') ? null : f.topic,
    publishedFrom: omit.has('dates') ? null : f.publishedFrom,
    publishedTo: omit.has('dates') ? null : f.publishedTo,
    mentionsAll: f.mentionsAll?.filter((e) => !omit.has(e.kind)) ?? null,
    mentionsAny: any && (any.length || !f.mentionsAny!.length) ? any : null,
    search: f.search,
  };
}

/**
 * Full text in the article's own language's configuration (news_ts_config), as `search`
 * reads it (websearch syntax: quotes, OR, -word). The three languages' queries OR-ed can
 * each use the GIN index; the article's own language's query is then checked.
 */
export function articleTextMatchSql(text: string, a = 'a'): string {
  const q = (config: string) => `websearch_to_tsquery('public.${config}', ${text})`;
  return `((${a}.search_vector @@ ${q('news_french')} OR ${a}.search_vector @@ ${q('news_english')} OR ${a}.search_vector @@ ${q('news_simple')})
    AND ${a}.search_vector @@ CASE ${a}.language WHEN 'fr' THEN ${q('news_french')} WHEN 'en' THEN ${q('news_english')} ELSE ${q('news_simple')} END)`;
}
