import type { DataSource, EntityManager } from 'typeorm';
import type { Candidate, CandidateKind } from '../linking/candidates';
import { foldPhrase } from '../linking/fold';
import { sentenceAround } from '../linking/sentences';

type Queryable = Pick<DataSource | EntityManager, 'query'>;

/** One article's unknown name, as stored in article_candidate. */
export interface CandidateRow {
  key: string;
  text: string;
  kind: 'person' | 'organization' | 'place' | 'unknown';
  occurrences: number;
  role: string | null;
  context: string;
}

const MAX_CONTEXT = 400;

/**
 * The rows to store for an article's candidates: each with the sentence that first names it,
 * in the body or else in one of `others` (the title, the lead).
 */
export function candidateRows(body: string, candidates: Candidate[], others: (string | null)[] = []): CandidateRow[] {
  const rows = new Map<string, CandidateRow>();
  const texts = [body, ...others.filter((t): t is string => !!t)];
  for (const c of candidates) {
    const key = foldPhrase(c.text);
    if (!key || rows.has(key)) continue;
    const context = texts.reduce<string | null>((found, t) => found ?? contextOf(t, c.text), null) ?? c.text;
    rows.set(key, { key, text: c.text, kind: c.kind.toLowerCase() as CandidateRow['kind'], occurrences: c.occurrences, role: c.role, context });
  }
  return [...rows.values()];
}

function contextOf(text: string, name: string): string | null {
  // A name rebuilt across a line break is found by its first word.
  const at = sentenceAround(text, name) ?? sentenceAround(text, name.split(' ')[0]);
  if (!at) return null;
  const sentence = text.slice(at.start, at.end).trim();
  return sentence.length > MAX_CONTEXT ? `${sentence.slice(0, MAX_CONTEXT - 1)}…` : sentence;
}

/** Replaces the stored candidates of these articles (one statement each way; `fresh`: new articles, nothing to delete). */
export async function replaceCandidates(
  manager: Queryable, items: { articleId: number; rows: CandidateRow[] }[], options: { fresh?: boolean } = {},
): Promise<void> {
  if (items.length === 0) return;
  if (!options.fresh) await manager.query(`DELETE FROM article_candidate WHERE article_id = ANY($1)`, [items.map((i) => i.articleId)]);
  const flat = items.flatMap((i) => i.rows.map((r) => ({ articleId: i.articleId, ...r })));
  if (flat.length === 0) return;
  await manager.query(
    `INSERT INTO article_candidate (article_id, key, text, kind, occurrences, role, context)
     SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[])
     ON CONFLICT (article_id, key) DO NOTHING`,
    [flat.map((r) => r.articleId), flat.map((r) => r.key), flat.map((r) => r.text), flat.map((r) => r.kind), flat.map((r) => r.occurrences),
      flat.map((r) => r.role), flat.map((r) => r.context)],
  );
}

/** A name over the whole archive. */
export interface ArchiveCandidate {
  key: string;
  text: string;
  forms: string[];
  kind: CandidateKind;
  role: string | null;
  occurrences: number;
  articleCount: number;
  /** The newest articles naming it (at most 5). */
  seenIn: CandidateSighting[];
}

/** An article naming a candidate: how often, and the sentence. */
export interface CandidateSighting {
  articleId: number;
  occurrences: number;
  context: string;
}

export interface CandidateFilter {
  kind?: CandidateKind | null;
  first: number;
  offset: number;
  minArticles: number;
}

/**
 * Candidates over the archive, the most widely named first: the commonest spelling, every
 * spelling, the kind and role most of its articles give, counts, and the newest articles
 * with their sentences.
 */
export async function listArchiveCandidates(db: Queryable, filter: CandidateFilter): Promise<ArchiveCandidate[]> {
  const rows: ArchiveCandidate[] = await db.query(
    `WITH grouped AS (
       SELECT key, sum(occurrences)::int AS occurrences, count(*)::int AS "articleCount",
              mode() WITHIN GROUP (ORDER BY kind) AS kind
         FROM article_candidate
        GROUP BY key
       HAVING count(*) >= $3 AND ($4::text IS NULL OR mode() WITHIN GROUP (ORDER BY kind) = $4)
        ORDER BY count(*) DESC, sum(occurrences) DESC, key
        LIMIT $1 OFFSET $2
     )
     SELECT g.key, g.occurrences, g."articleCount", upper(g.kind) AS kind,
            (SELECT mode() WITHIN GROUP (ORDER BY c.text) FROM article_candidate c WHERE c.key = g.key) AS text,
            (SELECT array_agg(DISTINCT c.text) FROM article_candidate c WHERE c.key = g.key) AS forms,
            (SELECT mode() WITHIN GROUP (ORDER BY c.role) FROM article_candidate c WHERE c.key = g.key AND c.role IS NOT NULL) AS role,
            (SELECT COALESCE(json_agg(json_build_object('articleId', s.article_id, 'occurrences', s.occurrences, 'context', s.context)
                                      ORDER BY s.published_at DESC, s.article_id DESC), '[]')
               FROM (SELECT c.article_id, c.occurrences, c.context, a.published_at
                       FROM article_candidate c JOIN article a ON a.id = c.article_id
                      WHERE c.key = g.key ORDER BY a.published_at DESC, c.article_id DESC LIMIT 5) s) AS "seenIn"
       FROM grouped g
      ORDER BY g."articleCount" DESC, g.occurrences DESC, g.key`,
    [filter.first, filter.offset, filter.minArticles, filter.kind ? filter.kind.toLowerCase() : null],
  );
  return rows;
}

/** What one candidate is, for promoting it: its spellings (the commonest first), kind, and the articles naming it. */
export async function candidateByKey(db: Queryable, key: string): Promise<{ texts: string[]; kind: CandidateRow['kind']; articleIds: number[] } | null> {
  const [row]: { texts: string[] | null; kind: CandidateRow['kind'] | null; articleIds: number[] | null }[] = await db.query(
    `SELECT (SELECT array_agg(text ORDER BY n DESC, text) FROM (SELECT text, count(*) AS n FROM article_candidate WHERE key = $1 GROUP BY text) t) AS texts,
            mode() WITHIN GROUP (ORDER BY kind) AS kind, array_agg(article_id ORDER BY article_id) AS "articleIds"
       FROM article_candidate WHERE key = $1`,
    [key],
  );
  if (!row?.texts) return null;
  return { texts: row.texts, kind: row.kind!, articleIds: row.articleIds! };
}
