import type { DataSource, EntityManager } from 'typeorm';
import { Article } from '../../entities';
import { contentHash, replaceLinks } from '../articles/store-article';
import type { Candidate } from '../linking/candidates';
import { currentGazetteer } from '../linking/current-gazetteer';
import type { Gazetteer, LinkedMention } from '../linking/gazetteer';
import { slugify } from '../slug';
import { prepareArticle, type IngestInput, type IngestUserError, type PreparedArticle } from './prepare-article';

/**
 * created: a new article. updated: a known URL came with edited text (article and
 * mentions replaced together). unchanged: the same URL with the same text, or the same
 * text (whatever the URL) was already stored: nothing is written. rejected: userErrors.
 */
export type IngestOutcome = 'created' | 'updated' | 'unchanged' | 'rejected';

export interface IngestResult {
  outcome: IngestOutcome;
  article: Article | null;
  candidates: Candidate[];
  userErrors: IngestUserError[];
}

/** An article checked, cleaned and linked: what remains is to store it. */
export interface LinkedArticle {
  article: PreparedArticle;
  hash: string;
  mentions: LinkedMention[];
  candidates: Candidate[];
}

export interface StoreOutcome {
  outcome: Exclude<IngestOutcome, 'rejected'> | 'rejected';
  articleId: number | null;
  userErrors: IngestUserError[];
}

const UNIQUE_VIOLATION = '23505';

/** Checks, cleans and links an input; no database access but the gazetteer's. */
export function linkArticle(input: IngestInput, gazetteer: Gazetteer): LinkedArticle | { userErrors: IngestUserError[] } {
  const prepared = prepareArticle(input);
  if ('userErrors' in prepared) return prepared;
  const { mentions, candidates } = gazetteer.analyze(prepared.article.body);
  return { article: prepared.article, hash: contentHash(prepared.article.title, prepared.article.body), mentions, candidates };
}

/**
 * Stores one article from raw text, links its mentions, and proposes the unknown names.
 * Idempotent: sending the same article again writes nothing. Every write of one call
 * happens in one transaction.
 */
export async function ingestArticle(ds: DataSource, input: IngestInput, gazetteer?: Gazetteer): Promise<IngestResult> {
  const linked = linkArticle(input, gazetteer ?? (await currentGazetteer(ds)));
  if ('userErrors' in linked) return { outcome: 'rejected', article: null, candidates: [], userErrors: linked.userErrors };
  const stored = await storeInOwnTransaction(ds, linked);
  const article = stored.articleId === null ? null : await ds.manager.findOneBy(Article, { id: stored.articleId });
  return { outcome: stored.outcome, article, candidates: linked.candidates, userErrors: stored.userErrors };
}

/** One article, one transaction; a concurrent store of the same URL or text makes it known. */
export async function storeInOwnTransaction(ds: DataSource, linked: LinkedArticle): Promise<StoreOutcome> {
  try {
    return await ds.transaction((m) => storeLinkedArticle(m, linked));
  } catch (e) {
    if ((e as { code?: string }).code !== UNIQUE_VIOLATION) throw e;
    return ds.transaction((m) => storeLinkedArticle(m, linked));
  }
}

interface Lookup {
  what: 'article' | 'slug' | 'source';
  id: number | null;
  url: string | null;
  contentHash: string | null;
  slug: string | null;
}

/**
 * Writes a linked article inside the caller's transaction: a new article in one statement,
 * an edited version of a known URL as an update with its mentions replaced, nothing when
 * the URL with this text, or this text, is already stored.
 */
export async function storeLinkedArticle(manager: EntityManager, linked: LinkedArticle): Promise<StoreOutcome> {
  const { article, hash, mentions } = linked;
  const base = slugify(article.title);
  const slugOptions = [base, `${base}-${hash.slice(0, 8)}`, `${base}-${hash.slice(0, 16)}`];
  // What is known about this article, its slug and its source, in one round trip.
  const rows: Lookup[] = await manager.query(
    `SELECT 'article' AS what, id, url, content_hash AS "contentHash", NULL::text AS slug FROM article WHERE content_hash = $1 OR url = $2
     UNION ALL SELECT 'slug', NULL, NULL, NULL, slug FROM article WHERE slug = ANY($3)
     UNION ALL SELECT 'source', id, NULL, NULL, NULL FROM source WHERE slug = $4`,
    [hash, article.url, slugOptions, article.sourceName ? slugify(article.sourceName) : null],
  );
  const known = rows.filter((r) => r.what === 'article');
  const byUrl = article.url ? known.find((a) => a.url === article.url) : undefined;
  const byText = known.find((a) => a.contentHash === hash);
  const none: IngestUserError[] = [];

  if (byUrl && byUrl.contentHash === hash) return { outcome: 'unchanged', articleId: byUrl.id, userErrors: none };
  if (byUrl && byText) {
    return {
      outcome: 'rejected',
      articleId: null,
      userErrors: [{
        field: 'body',
        code: 'CONFLICT',
        message: `body: the edited text of ${article.url} is already stored as another article (id ${byText.id}); not updated`,
      }],
    };
  }
  if (!byUrl && byText) return { outcome: 'unchanged', articleId: byText.id, userErrors: none };

  const sourceId = article.sourceName ? (rows.find((r) => r.what === 'source')?.id ?? (await insertSource(manager, article.sourceName))) : null;
  if (byUrl) {
    await updateArticle(manager, byUrl.id!, article, hash, sourceId, mentions);
    return { outcome: 'updated', articleId: byUrl.id, userErrors: none };
  }
  const taken = new Set(rows.filter((r) => r.what === 'slug').map((r) => r.slug));
  const slug = slugOptions.find((s) => !taken.has(s)) ?? `${base}-${hash}`;
  const articleId = await insertArticle(manager, { ...article, slug, hash, sourceId, publishedAt: article.publishedAt ?? new Date() }, mentions);
  return { outcome: 'created', articleId, userErrors: none };
}

/**
 * A new article with its mentions and per-entity summary rows (the same rows
 * storeArticle writes) in a single statement: bulk loads are bound by round trips.
 */
async function insertArticle(
  manager: EntityManager,
  a: PreparedArticle & { slug: string; hash: string; sourceId: number | null; publishedAt: Date },
  mentions: LinkedMention[],
): Promise<number> {
  const [row]: { id: number }[] = await manager.query(
    `WITH a AS (
       INSERT INTO article (slug, title, lead, body, language, published_at, url, source_id, content_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id, published_at
     ), m AS (
       INSERT INTO mention (article_id, entity_id, start, "end", text)
       SELECT a.id, t.entity_id, t.start, t.stop, t.text FROM a, unnest($10::int[], $11::int[], $12::int[], $13::text[]) AS t(entity_id, start, stop, text)
     ), s AS (
       INSERT INTO article_entity (article_id, entity_id, mentions, first_start, published_at)
       SELECT a.id, t.entity_id, count(*), min(t.start), a.published_at FROM a, unnest($10::int[], $11::int[]) AS t(entity_id, start)
        GROUP BY a.id, a.published_at, t.entity_id
     )
     SELECT id FROM a`,
    [
      a.slug, a.title, a.lead, a.body, a.language, a.publishedAt, a.url, a.sourceId, a.hash,
      mentions.map((m) => m.entityId), mentions.map((m) => m.start), mentions.map((m) => m.end), mentions.map((m) => m.text),
    ],
  );
  return row.id;
}

/** An edited version of a known URL: new text, same article, mentions replaced with it. */
async function updateArticle(
  manager: EntityManager,
  id: number,
  article: PreparedArticle,
  hash: string,
  sourceId: number | null,
  mentions: LinkedMention[],
): Promise<void> {
  await manager.query(
    `UPDATE article SET title = $2, lead = $3, body = $4, content_hash = $5, language = $6,
            published_at = COALESCE($7, published_at), source_id = COALESCE($8, source_id), updated_at = now()
      WHERE id = $1`,
    [id, article.title, article.lead, article.body, hash, article.language, article.publishedAt, sourceId],
  );
  const stored = (await manager.findOneBy(Article, { id }))!;
  const topics: { topicId: number }[] = await manager.query(`SELECT topic_id AS "topicId" FROM article_topic WHERE article_id = $1`, [id]);
  // Topics stay; the summary rows carry the (possibly new) publication date.
  await replaceLinks(manager, stored, mentions, topics.map((t) => t.topicId));
}

async function insertSource(manager: EntityManager, name: string): Promise<number> {
  const slug = slugify(name);
  // DO NOTHING takes no lock on an existing row: concurrent loads of one source do not queue.
  const inserted: { id: number }[] = await manager.query(
    `INSERT INTO source (slug, name) VALUES ($1, $2) ON CONFLICT (slug) DO NOTHING RETURNING id`,
    [slug, name],
  );
  if (inserted.length) return inserted[0].id;
  const [row]: { id: number }[] = await manager.query(`SELECT id FROM source WHERE slug = $1`, [slug]);
  return row.id;
}
