/**
 * The labelled search queries: what a reader types and which results should come first,
 * derived from the dataset by rules that do not use the search itself (names, titles,
 * dates and mention counts read straight from the tables). Used by the search benchmark
 * (success at 1 and at 3, latency per class) and by test/services/search/ranking.test.ts.
 */

export type QueryClass = 'name' | 'typo' | 'acronym' | 'phrase' | 'common' | 'prefix';

export interface LabelledQuery {
  /** The latency class the benchmark reports it under. */
  class: QueryClass;
  /** What the label checks, for the report. */
  label: string;
  query: string;
  mode: 'FULL' | 'PREFIX';
  /** Acceptable first results as `Typename:slug`. */
  expected: string[];
  /** Judge only the results of this type (labels about how articles rank among themselves). */
  among?: 'Article';
}

/** Runs SQL and answers its rows (a pg Client or a TypeORM DataSource, adapted). */
export type Sql = (text: string, params?: unknown[]) => Promise<any[]>;

const TYPENAME = { person: 'Person', organization: 'Organization', place: 'Place' } as Record<string, string>;
const entityKey = (row: { kind: string; slug: string }) => `${TYPENAME[row.kind]}:${row.slug}`;
const articleKey = (row: { slug: string }) => `Article:${row.slug}`;

export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

/** Deterministic misspellings: two letters swapped, one dropped, one doubled. */
export function misspell(word: string, how: number): string {
  const i = Math.max(1, Math.floor(word.length / 2) - 1);
  if (how % 3 === 0) return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
  if (how % 3 === 1) return word.slice(0, i) + word.slice(i + 1);
  return word.slice(0, i) + word[i] + word.slice(i);
}

const lastWord = (name: string) => name.split(/\s+/).pop()!;
const firstWord = (name: string) => name.split(/\s+/)[0];

/** Entities by how many articles mention them (counted here, not read from the search's own table). */
async function prominent(sql: Sql, where: string, limit: number) {
  return sql(
    `SELECT e.id, e.kind, e.slug, e.name, e.acronym, count(ae.article_id)::int AS articles
       FROM entity e JOIN article_entity ae ON ae.entity_id = e.id
      WHERE e.merged_into_id IS NULL AND ${where}
      GROUP BY e.id ORDER BY articles DESC, e.id LIMIT ${limit}`,
  );
}

/** The most mentioned entity with a whole word (folded) equal to `word`, or whose word starts with it. */
async function mostProminentWith(sql: Sql, word: string, prefix: boolean) {
  const [row] = await sql(
    `SELECT e.kind, e.slug FROM entity e LEFT JOIN article_entity ae ON ae.entity_id = e.id
      WHERE e.merged_into_id IS NULL
        AND EXISTS (SELECT 1 FROM regexp_split_to_table(news_fold(concat_ws(' ', e.name, e.acronym, array_to_string(e.aliases, ' '))), '[^[:alnum:]]+') w
                     WHERE ${prefix ? 'left(w, length($1)) = $1' : 'w = $1'})
      GROUP BY e.id ORDER BY count(ae.article_id) DESC, e.id LIMIT 1`,
    [word],
  );
  return row ? [entityKey(row)] : [];
}

/** Articles whose title is `title`, newest first. */
async function titled(sql: Sql, title: string) {
  return sql(`SELECT slug, published_at FROM article WHERE title = $1 ORDER BY published_at DESC, id DESC`, [title]);
}

/**
 * Titles from one headline pattern (`prefix` then an entity's name) shared by at most
 * `most` articles, picked deterministically (md5 order), with the name they end with.
 */
async function headlines(sql: Sql, language: string, prefix: string, count: number, most = 3) {
  return sql(
    `SELECT c.title, c.subject FROM (
       SELECT a.title, substr(a.title, length($2) + 1) AS subject FROM article a
        WHERE a.language = $1 AND a.title LIKE $2 || '%' AND substr(a.title, length($2) + 1) !~ '(^|\\s)\\S\\.(\\s|$)'
        GROUP BY a.title HAVING count(*) <= $3 ORDER BY md5(a.title) LIMIT 50) c
      -- a subject no other name contains ("Czechia" is in "Customs Administration of Czechia")
      WHERE NOT EXISTS (SELECT 1 FROM entity e WHERE e.name LIKE '%' || c.subject || '%' AND e.name <> c.subject)
      ORDER BY md5(c.title) LIMIT $4`,
    [language, prefix, most, count],
  );
}

export async function labelledQueries(sql: Sql): Promise<LabelledQuery[]> {
  const out: LabelledQuery[] = [];
  const add = (q: LabelledQuery) => {
    if (q.expected.length) out.push(q);
  };

  // ---- names: exact, without accents, misspelt; the most mentioned first among namesakes
  const people = await prominent(sql, `e.kind = 'person'`, 60);
  for (const p of people.slice(0, 3)) add({ class: 'name', label: 'full name', query: p.name, mode: 'FULL', expected: [entityKey(p)] });
  const asciiFoldable = people.filter((p) => fold(p.name) !== p.name.toLowerCase() && /^[a-z .'-]+$/.test(fold(p.name)));
  for (const p of asciiFoldable.slice(0, 2)) {
    add({ class: 'name', label: 'name without accents, lower case', query: fold(p.name), mode: 'FULL', expected: [entityKey(p)] });
  }
  // Two-word names no one else shares, even with a middle initial ("Wouter B. Müller").
  const namesakes = new Map<string, number>();
  for (const r of await sql(`SELECT name FROM entity WHERE kind = 'person'`)) {
    const key = fold(`${firstWord(r.name)} ${lastWord(r.name)}`);
    namesakes.set(key, (namesakes.get(key) ?? 0) + 1);
  }
  const distinct = (p: { name: string }) => p.name.split(/\s+/).length === 2 && namesakes.get(fold(p.name)) === 1;
  const typoCandidates = people.slice(3).filter((p) => distinct(p) && /^[a-z]{5,}$/.test(fold(lastWord(p.name))));
  typoCandidates.slice(0, 6).forEach((p, i) => {
    const query = i % 2 ? `${misspell(fold(lastWord(p.name)), i)} ${firstWord(p.name)}` : `${firstWord(p.name)} ${misspell(fold(lastWord(p.name)), i)}`;
    add({ class: 'typo', label: 'misspelt name', query, mode: 'FULL', expected: [entityKey(p)] });
  });
  // A last name many people, organizations and articles share: its most mentioned bearer first.
  const sharedNames = [...new Set(people.map((p) => fold(lastWord(p.name))).filter((w) => /^[a-z]{4,}$/.test(w)))].slice(0, 2);
  for (const word of sharedNames) {
    add({ class: 'name', label: 'name borne by many, also words in articles', query: word, mode: 'FULL', expected: await mostProminentWith(sql, word, false) });
  }
  // Countries: names of places that are also words in thousands of articles.
  for (const place of await prominent(sql, `e.kind = 'place'`, 2)) {
    add({ class: 'name', label: 'place named in many articles', query: place.name.toLowerCase(), mode: 'FULL', expected: [entityKey(place)] });
  }

  // ---- acronyms no other entity has
  const acronyms = await sql(
    `SELECT e.kind, e.slug, e.acronym FROM entity e JOIN article_entity ae ON ae.entity_id = e.id
      WHERE e.acronym IS NOT NULL AND e.merged_into_id IS NULL
        AND (SELECT count(*) FROM entity o WHERE lower(o.acronym) = lower(e.acronym)) = 1
      GROUP BY e.id ORDER BY count(*) DESC, e.id LIMIT 4`,
  );
  acronyms.forEach((o, i) => add({ class: 'acronym', label: 'acronym', query: i % 2 ? o.acronym.toLowerCase() : o.acronym, mode: 'FULL', expected: [entityKey(o)] }));

  // ---- phrases with stemming: a headline asked for in other inflections
  const phrase = async (language: string, prefix: string, rewrite: (subject: string) => string) => {
    for (const h of await headlines(sql, language, prefix, 2)) {
      add({ class: 'phrase', label: `${language} headline, other inflections`, query: rewrite(h.subject), mode: 'FULL', expected: (await titled(sql, h.title)).map(articleKey) });
    }
  };
  await phrase('fr', 'Coopération renforcée autour de ', (s) => `coopérations renforcées autour de ${s}`);
  await phrase('fr', 'Ce qu’il faut retenir de la visite de ', (s) => `retenir visites de ${s}`);
  await phrase('en', 'New agreement for ', (s) => `new agreements for ${s}`);
  await phrase('en', 'What to know about the visit of ', (s) => `knowing about the visits of ${s}`);

  // ---- recency: the same headline years apart, the newest first
  const reprinted = await sql(
    `SELECT title FROM article GROUP BY title
     HAVING count(*) BETWEEN 2 AND 3 AND max(published_at) - min(published_at) > interval '365 days'
     ORDER BY md5(title) LIMIT 2`,
  );
  for (const r of reprinted) {
    const [newest] = await titled(sql, r.title);
    add({ class: 'phrase', label: 'same headline years apart: the newest', query: r.title, mode: 'FULL', expected: [articleKey(newest)], among: 'Article' });
  }
  // ---- an older headline about the query beats more recent articles that only mention it
  const older = await sql(
    `WITH t AS (
       SELECT a.title, a.language, substr(a.title, length(p.prefix) + 1) AS subject, p.word
         FROM article a JOIN (VALUES ('fr', 'Coopération renforcée autour de ', 'coopération'), ('en', 'Closer cooperation around ', 'cooperation')) p(language, prefix, word)
           ON a.language = p.language AND a.title LIKE p.prefix || '%'
        GROUP BY a.title, a.language, p.prefix, p.word HAVING count(*) = 1 AND substr(a.title, length(p.prefix) + 1) !~ '(^|\\s)\\S\\.(\\s|$)'
        ORDER BY md5(a.title) LIMIT 60)
     SELECT t.title, t.word || ' ' || t.subject AS query FROM t
      JOIN article a ON a.title = t.title
      -- a more recent article of the same language mentions both, in its body only
      WHERE EXISTS (SELECT 1 FROM article b WHERE b.language = t.language AND b.published_at > a.published_at + interval '365 days'
                      AND b.title NOT LIKE '%' || t.subject || '%'
                      AND b.search_vector @@ websearch_to_tsquery(news_ts_config(b.language), t.word || ' ' || t.subject))
      ORDER BY md5(t.title) LIMIT 2`,
  );
  for (const o of older) {
    add({ class: 'phrase', label: 'older headline beats recent mentions', query: o.query, mode: 'FULL', expected: (await titled(sql, o.title)).map(articleKey), among: 'Article' });
  }

  // ---- common words: recent articles about it (in their title) first
  for (const word of ['coopération', 'cooperation', 'accord', 'agreement']) {
    const recent = await sql(
      `SELECT slug FROM article WHERE to_tsvector(news_ts_config(language), title) @@ websearch_to_tsquery(news_ts_config(language), $1)
        ORDER BY published_at DESC, id DESC LIMIT 5`,
      [word],
    );
    add({ class: 'common', label: 'common word: a recent headline with it', query: word, mode: 'FULL', expected: recent.map(articleKey) });
  }

  // ---- prefixes (search-as-you-type): the most mentioned name with a word starting so
  for (const p of people.slice(0, 4)) {
    const prefix = fold(lastWord(p.name)).slice(0, 4);
    add({ class: 'prefix', label: 'prefix of a name', query: prefix, mode: 'PREFIX', expected: await mostProminentWith(sql, prefix, true) });
  }

  // ---- the seed article's names and words, when it is loaded
  const [seeded] = await sql(`SELECT count(*)::int AS n FROM entity WHERE slug = 'abdellatif-hammouchi'`);
  if (seeded.n) {
    const [article] = await sql(`SELECT slug FROM article WHERE slug = 'renforcement-de-la-cooperation-securitaire-entre-le-maroc-et-la-belgique'`);
    add({ class: 'typo', label: 'seed: misspelt name', query: 'hamouchi', mode: 'FULL', expected: ['Person:abdellatif-hammouchi'] });
    add({ class: 'acronym', label: 'seed: acronym', query: 'DGST', mode: 'FULL', expected: ['Organization:dgst'] });
    add({ class: 'name', label: 'seed: name without accents', query: 'surete de l etat', mode: 'FULL', expected: ['Organization:belgian-state-security'] });
    add({ class: 'prefix', label: 'seed: prefix', query: 'hamm', mode: 'PREFIX', expected: ['Person:abdellatif-hammouchi'] });
    if (article) add({ class: 'phrase', label: 'seed: French stemming', query: 'terroriste blanchiment', mode: 'FULL', expected: [articleKey(article)] });
  }
  return out;
}

export interface Judged {
  query: LabelledQuery;
  /** `Typename:slug` of the first results. */
  top: string[];
  at1: boolean;
  at3: boolean;
}

export function judge(query: LabelledQuery, results: string[]): Judged {
  const top = query.among ? results.filter((k) => k.startsWith(`${query.among}:`)) : results;
  return { query, top, at1: query.expected.includes(top[0]), at3: top.slice(0, 3).some((k) => query.expected.includes(k)) };
}

/** success at 1 and at 3 over judged queries, as fractions. */
export function successRates(judged: Judged[]): { at1: number; at3: number } {
  const n = Math.max(1, judged.length);
  return { at1: judged.filter((j) => j.at1).length / n, at3: judged.filter((j) => j.at3).length / n };
}

/** The GraphQL the labels run through: operations/search.graphql's selection, with the mode. */
export const SEARCH_WITH_MODE = `query SearchMode($query: String!, $first: Int = 10, $after: String, $mode: SearchMode) {
  search(query: $query, first: $first, after: $after, mode: $mode) {
    totalCount matchCount matchCountIsExact
    pageInfo { hasNextPage endCursor }
    edges { score highlight node { __typename ... on Article { id slug title publishedAt } ... on Person { id slug name }
      ... on Organization { id slug name acronym } ... on Place { id slug name } } }
  }
}`;

/** `Typename:slug` of a search response's nodes. */
export function topKeys(data: any): string[] {
  return (data?.search?.edges ?? []).map((e: any) => `${e.node.__typename}:${e.node.slug}`);
}
