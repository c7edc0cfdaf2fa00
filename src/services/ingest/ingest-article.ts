import type { DataSource, EntityManager } from 'typeorm';
import { Article } from '../../entities';
import { contentHash, replaceLinks, storeArticle } from '../articles/store-article';
import type { Candidate } from '../linking/candidates';
import { currentGazetteer } from '../linking/current-gazetteer';
import type { Gazetteer } from '../linking/gazetteer';
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

interface KnownArticle {
  id: number;
  url: string | null;
  contentHash: string;
}

const UNIQUE_VIOLATION = '23505';

/**
 * Stores one article from raw text, links its mentions, and proposes the unknown names.
 * Idempotent: sending the same article again writes nothing. Every write of one call
 * happens in one transaction.
 */
export async function ingestArticle(ds: DataSource, input: IngestInput, gazetteer?: Gazetteer): Promise<IngestResult> {
  const prepared = prepareArticle(input);
  if ('userErrors' in prepared) return { outcome: 'rejected', article: null, candidates: [], userErrors: prepared.userErrors };
  const article = prepared.article;
  const { mentions, candidates } = (gazetteer ?? (await currentGazetteer(ds))).analyze(article.body);
  const hash = contentHash(article.title, article.body);
  try {
    return { ...(await ds.transaction((m) => store(m, article, hash, mentions))), candidates };
  } catch (e) {
    // Another call stored the same URL or text in the meantime: now it is known.
    if ((e as { code?: string }).code !== UNIQUE_VIOLATION) throw e;
    return { ...(await ds.transaction((m) => store(m, article, hash, mentions))), candidates };
  }
}

async function store(
  manager: EntityManager,
  article: PreparedArticle,
  hash: string,
  mentions: Parameters<typeof storeArticle>[1]['mentions'],
): Promise<Omit<IngestResult, 'candidates'>> {
  const known: KnownArticle[] = await manager.query(
    `SELECT id, url, content_hash AS "contentHash" FROM article WHERE content_hash = $1 OR url = $2 ORDER BY id FOR UPDATE`,
    [hash, article.url],
  );
  const byUrl = article.url ? known.find((a) => a.url === article.url) : undefined;
  const byText = known.find((a) => a.contentHash === hash);
  const load = async (id: number) => (await manager.findOneBy(Article, { id }))!;
  const none: IngestUserError[] = [];

  if (byUrl && byUrl.contentHash === hash) return { outcome: 'unchanged', article: await load(byUrl.id), userErrors: none };
  if (byUrl) {
    if (byText) {
      return {
        outcome: 'rejected',
        article: null,
        userErrors: [{
          field: 'body',
          code: 'CONFLICT',
          message: `body: the edited text of ${article.url} is already stored as another article (id ${byText.id}); not updated`,
        }],
      };
    }
    return { outcome: 'updated', article: await update(manager, byUrl.id, article, hash, mentions), userErrors: none };
  }
  if (byText) return { outcome: 'unchanged', article: await load(byText.id), userErrors: none };

  const sourceId = article.sourceName ? await sourceIdFor(manager, article.sourceName) : null;
  const stored = await storeArticle(manager, {
    slug: await freeSlug(manager, slugify(article.title), hash),
    title: article.title,
    lead: article.lead,
    body: article.body,
    language: article.language,
    publishedAt: article.publishedAt ?? new Date(),
    url: article.url,
    sourceId,
    topicIds: [],
    mentions,
  });
  return { outcome: 'created', article: stored, userErrors: none };
}

/** An edited version of a known URL: new text, same article, mentions replaced with it. */
async function update(
  manager: EntityManager,
  id: number,
  article: PreparedArticle,
  hash: string,
  mentions: Parameters<typeof storeArticle>[1]['mentions'],
): Promise<Article> {
  const sourceId = article.sourceName ? await sourceIdFor(manager, article.sourceName) : null;
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
  return stored;
}

async function sourceIdFor(manager: EntityManager, name: string): Promise<number> {
  const [row]: { id: number }[] = await manager.query(
    `INSERT INTO source (slug, name) VALUES ($1, $2)
     ON CONFLICT (slug) DO UPDATE SET slug = EXCLUDED.slug
     RETURNING id`,
    [slugify(name), name],
  );
  return row.id;
}

/** The title's slug, or with the text's hash appended when another article has it. */
async function freeSlug(manager: EntityManager, base: string, hash: string): Promise<string> {
  const options = [base, `${base}-${hash.slice(0, 8)}`, `${base}-${hash.slice(0, 16)}`];
  const taken: { slug: string }[] = await manager.query(`SELECT slug FROM article WHERE slug = ANY($1)`, [options]);
  const used = new Set(taken.map((t) => t.slug));
  return options.find((s) => !used.has(s)) ?? `${base}-${hash}`;
}
