import type { DataSource, EntityManager } from 'typeorm';
import { Article } from '../../entities';
import { contentHash, readingOrderStart, replaceLinks } from '../articles/store-article';
import type { Candidate } from '../linking/candidates';
import { foldPhrase } from '../linking/fold';
import { isCommonWord } from '../linking/lexicon';
import { candidateRows, replaceCandidates } from '../candidates/archive';
import { currentGazetteer } from '../linking/current-gazetteer';
import type { Gazetteer, LinkedMention } from '../linking/gazetteer';
import { extractEvents, type ProposedEvent } from '../events/extract';
import { recordArticleEvents } from '../events/record';
import { slugify } from '../slug';
import { lockLinkWrites, retryOnDeadlock } from './link-writes';
import type { UserError } from '../../schema/user-errors';
import { prepareArticle, type IngestInput, type PreparedArticle } from './prepare-article';
import { purge } from '../purge';

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
  userErrors: UserError[];
}

/** An article checked, cleaned and linked: what remains is to store it. */
export interface LinkedArticle {
  article: PreparedArticle;
  hash: string;
  /** Mentions in the body, at the body's offsets. */
  mentions: LinkedMention[];
  /** Mentions in the title, and in a lead that is not the body's first paragraph, each with its `field`. */
  fieldMentions: LinkedMention[];
  candidates: Candidate[];
  /** The events its body reports, extracted with the linking: CPU work kept out of the storing transaction. */
  events: ProposedEvent[];
}

export interface StoreOutcome {
  outcome: Exclude<IngestOutcome, 'rejected'> | 'rejected';
  articleId: number | null;
  userErrors: UserError[];
  /** Events this store proposed, sourced or unsourced (purged with the article). */
  events?: number[];
}

const UNIQUE_VIOLATION = '23505';
/**
 * New articles per insert statement. article_entity's statement triggers (relation_summary)
 * cost grows faster than linearly with the rows of one statement: 10 measured best.
 */
const INSERT_CHUNK = 10;

/** Checks, cleans and links an input; no database access but the gazetteer's. */
export function linkArticle(input: IngestInput, gazetteer: Gazetteer): LinkedArticle | { userErrors: UserError[] } {
  const prepared = prepareArticle(input);
  if ('userErrors' in prepared) return prepared;
  const { article } = prepared;
  const body = gazetteer.analyze(article.body);
  const fields = analyzeTitleAndLead(gazetteer, article);
  const events = extractEvents({ body: article.body, publishedAt: article.publishedAt, mentions: body.mentions, kindOf: (id) => gazetteer.kindOfEntity(id) });
  return {
    article, hash: contentHash(article.title, article.body), mentions: body.mentions, fieldMentions: fields.mentions,
    candidates: withFieldCandidates(body.candidates, fields.candidates), events,
  };
}

/**
 * The title linked like the body, and the lead when it is not the body's first paragraph
 * (cleaned pages always start the body with their lead: its mentions are the body's).
 */
export function linkTitleAndLead(gazetteer: Gazetteer, article: { title: string; lead: string | null; body: string }): LinkedMention[] {
  return analyzeTitleAndLead(gazetteer, article).mentions;
}

/** linkTitleAndLead's mentions, and the unknown names of the title and lead (none from a headline-case title). */
export function analyzeTitleAndLead(gazetteer: Gazetteer, article: { title: string; lead: string | null; body: string }): { mentions: LinkedMention[]; candidates: Candidate[] } {
  const title = gazetteer.analyze(article.title);
  const mentions: LinkedMention[] = title.mentions.map((m) => ({ ...m, field: 'title' as const }));
  const candidates = headlineCase(article.title) ? [] : [...title.candidates];
  if (article.lead && !article.body.startsWith(article.lead)) {
    const lead = gazetteer.analyze(article.lead);
    for (const m of lead.mentions) mentions.push({ ...m, field: 'lead' });
    candidates.push(...lead.candidates);
  }
  return { mentions, candidates };
}

/**
 * "Minister Meets Police Chief In Rabat": everyday words capitalized after the first (two
 * or more) say the title capitalizes every word, so its capitals do not mark names.
 */
function headlineCase(title: string): boolean {
  const words = title.match(/\p{L}+/gu) ?? [];
  return words.slice(1).filter((w) => w.length >= 2 && w[0] !== w[0].toLowerCase() && isCommonWord(foldPhrase(w))).length >= 2;
}

/**
 * The body's candidates with those of the title and lead: one per name (its folded
 * spelling), occurrences added, a kind the body left UNKNOWN taken from the headline.
 */
export function withFieldCandidates(body: Candidate[], fields: Candidate[]): Candidate[] {
  if (fields.length === 0) return body;
  const byKey = new Map(body.map((c) => [foldPhrase(c.text), { ...c }]));
  for (const c of fields) {
    const key = foldPhrase(c.text);
    const known = byKey.get(key);
    if (!known) byKey.set(key, { ...c });
    else {
      known.occurrences += c.occurrences;
      known.role ??= c.role;
      if (known.kind === 'UNKNOWN') known.kind = c.kind;
    }
  }
  return [...byKey.values()];
}

/** An article's candidate rows: each with the sentence of the body, or else the title or lead, that names it. */
export const candidateRowsOf = (article: { title: string; lead: string | null; body: string }, candidates: Candidate[]) =>
  candidateRows(article.body, candidates, [article.title, article.lead]);

/**
 * Stores one article from raw text, links its mentions, and proposes the unknown names.
 * Idempotent: sending the same article again writes nothing. Every write of one call
 * happens in one transaction.
 */
export async function ingestArticle(ds: DataSource, input: IngestInput, gazetteer?: Gazetteer): Promise<IngestResult> {
  const linked = linkArticle(input, gazetteer ?? (await currentGazetteer(ds)));
  if ('userErrors' in linked) return { outcome: 'rejected', article: null, candidates: [], userErrors: linked.userErrors };
  const stored = await storeInOwnTransaction(ds, linked);
  await purgeStored([linked], [stored]);
  const article = stored.articleId === null ? null : await ds.manager.findOneBy(Article, { id: stored.articleId });
  return { outcome: stored.outcome, article, candidates: linked.candidates, userErrors: stored.userErrors };
}

/**
 * After commit: the keys of what storing changed (src/services/purge): a new article changes
 * the lists and the pages of the entities it names; an edited one its own answers too (the
 * pages that showed it carry its key), and the events it proposed or re-sourced theirs.
 */
export async function purgeStored(linked: readonly LinkedArticle[], outcomes: readonly (StoreOutcome | Error)[], batchEvents: readonly number[] = []): Promise<void> {
  const articles: number[] = [];
  const entities = new Set<number>();
  const events = new Set<number>(batchEvents);
  let lists = false;
  outcomes.forEach((o, i) => {
    if (o instanceof Error || o.articleId === null || (o.outcome !== 'created' && o.outcome !== 'updated')) return;
    articles.push(o.articleId);
    if (o.outcome === 'created') lists = true;
    for (const m of [...linked[i].fieldMentions, ...linked[i].mentions]) entities.add(m.entityId);
    for (const e of o.events ?? []) events.add(e);
  });
  if (articles.length) await purge({ articles, entities: [...entities], events: [...events], lists }, 'articles ingested');
}

/** One article, one transaction; a concurrent store of the same URL or text makes it known. */
export async function storeInOwnTransaction(ds: DataSource, linked: LinkedArticle): Promise<StoreOutcome> {
  const store = () =>
    retryOnDeadlock(() =>
      ds.transaction(async (m) => {
        await lockLinkWrites(m);
        const outcome = await storeLinkedArticle(m, linked);
        return { ...outcome, events: await recordEventsOfStored(m, [linked], [outcome]) };
      }),
    );
  try {
    return await store();
  } catch (e) {
    if ((e as { code?: string }).code !== UNIQUE_VIOLATION) throw e;
    return store();
  }
}

/**
 * Proposes the events that the articles just created or edited report (src/services/events);
 * returns the events that gained or lost a source.
 */
export async function recordEventsOfStored(manager: EntityManager, items: LinkedArticle[], outcomes: StoreOutcome[]): Promise<number[]> {
  const stored = items.filter((_, i) => outcomes[i].articleId !== null && (outcomes[i].outcome === 'created' || outcomes[i].outcome === 'updated'));
  const recorded = await recordArticleEvents(manager, stored.map((l) => ({
    articleId: outcomes[items.indexOf(l)].articleId!, body: l.article.body, publishedAt: l.article.publishedAt, language: l.article.language, mentions: l.mentions, proposals: l.events,
  })));
  return recorded.eventIds;
}

interface Lookup {
  what: 'article' | 'slug' | 'source';
  id: number | null;
  url: string | null;
  contentHash: string | null;
  slug: string | null;
}

type Decision =
  | { store: 'nothing'; outcome: StoreOutcome }
  | { store: 'update'; articleId: number }
  | { store: 'insert' };

/** What storing this article means, given the stored articles with its URL or text. */
function decide(linked: LinkedArticle, known: Lookup[]): Decision {
  const { article, hash } = linked;
  const byUrl = article.url ? known.find((a) => a.url === article.url) : undefined;
  const byText = known.find((a) => a.contentHash === hash);
  const nothing = (outcome: StoreOutcome['outcome'], articleId: number | null, userErrors: UserError[] = []): Decision =>
    ({ store: 'nothing', outcome: { outcome, articleId, userErrors } });
  if (byUrl && byUrl.contentHash === hash) return nothing('unchanged', byUrl.id);
  if (byUrl && byText) {
    return nothing('rejected', null, [{
      field: 'body',
      code: 'CONFLICT',
      message: `body: the edited text of ${article.url} is already stored as another article (id ${byText.id}); not updated`,
    }]);
  }
  if (byText) return nothing('unchanged', byText.id);
  if (byUrl) return { store: 'update', articleId: byUrl.id! };
  return { store: 'insert' };
}

const slugOptionsOf = (linked: LinkedArticle) => {
  const base = slugify(linked.article.title);
  return [base, `${base}-${linked.hash.slice(0, 8)}`, `${base}-${linked.hash.slice(0, 16)}`, `${base}-${linked.hash}`];
};
const sourceSlugOf = (linked: LinkedArticle) => (linked.article.sourceName ? slugify(linked.article.sourceName) : null);

/** What is known about these articles, their slugs and their sources, in one round trip. */
function lookup(manager: EntityManager, items: LinkedArticle[]): Promise<Lookup[]> {
  return manager.query(
    `SELECT 'article' AS what, id, url, content_hash AS "contentHash", NULL::text AS slug FROM article WHERE content_hash = ANY($1) OR url = ANY($2)
     UNION ALL SELECT 'slug', NULL, NULL, NULL, slug FROM article WHERE slug = ANY($3)
     UNION ALL SELECT 'source', id, NULL, NULL, slug FROM source WHERE slug = ANY($4)`,
    [
      items.map((i) => i.hash),
      items.map((i) => i.article.url).filter((u) => u !== null),
      items.flatMap(slugOptionsOf),
      items.map(sourceSlugOf).filter((s) => s !== null),
    ],
  );
}

/**
 * Writes a linked article inside the caller's transaction (which holds lockLinkWrites):
 * a new article in one statement, an edited version of a known URL as an update with its
 * mentions replaced, nothing when the URL with this text, or this text, is already stored.
 */
export async function storeLinkedArticle(manager: EntityManager, linked: LinkedArticle): Promise<StoreOutcome> {
  const rows = await lookup(manager, [linked]);
  const decision = decide(linked, rows.filter((r) => r.what === 'article'));
  if (decision.store === 'nothing') return decision.outcome;
  const sourceId = await sourceIdOf(manager, linked, rows);
  if (decision.store === 'update') {
    await updateLinkedArticle(manager, decision.articleId, linked, sourceId);
    return { outcome: 'updated', articleId: decision.articleId, userErrors: [] };
  }
  const taken = new Set(rows.filter((r) => r.what === 'slug').map((r) => r.slug));
  const [articleId] = await insertArticles(manager, [{ linked, slug: slugOptionsOf(linked).find((s) => !taken.has(s))!, sourceId }]);
  return { outcome: 'created', articleId, userErrors: [] };
}

/**
 * A known article's new text (an edit on ingest, or a re-clean from its raw text) with its
 * mentions and candidates replaced, in the caller's transaction (which holds lockLinkWrites).
 */
export async function updateLinkedArticle(manager: EntityManager, articleId: number, linked: LinkedArticle, sourceId: number | null): Promise<void> {
  await updateArticle(manager, articleId, linked.article, linked.hash, sourceId, [...linked.fieldMentions, ...linked.mentions]);
  await replaceCandidates(manager, [{ articleId, rows: candidateRowsOf(linked.article, linked.candidates) }]);
}

/**
 * A batch of linked articles in the caller's transaction, with few statements: one
 * lookup, one insert per INSERT_CHUNK new articles, and one statement per edited or
 * repeated article.
 * Outcomes are in input order.
 */
export async function storeLinkedArticles(manager: EntityManager, items: LinkedArticle[]): Promise<StoreOutcome[]> {
  await lockLinkWrites(manager);
  const outcomes: (StoreOutcome | null)[] = items.map(() => null);
  // A record repeating an earlier one's URL or text is stored after the others, on its own.
  const later: number[] = [];
  const hashes = new Set<string>();
  const urls = new Set<string>();
  const firsts: number[] = [];
  items.forEach((item, i) => {
    const url = item.article.url;
    if (hashes.has(item.hash) || (url && urls.has(url))) later.push(i);
    else firsts.push(i);
    hashes.add(item.hash);
    if (url) urls.add(url);
  });
  const rows = await lookup(manager, firsts.map((i) => items[i]));
  const known = rows.filter((r) => r.what === 'article');
  const taken = new Set(rows.filter((r) => r.what === 'slug').map((r) => r.slug));
  const fresh: { index: number; linked: LinkedArticle; slug: string; sourceId: number | null }[] = [];
  for (const i of firsts) {
    const decision = decide(items[i], known);
    if (decision.store === 'nothing') outcomes[i] = decision.outcome;
    else if (decision.store === 'update') later.push(i);
    else {
      const slug = slugOptionsOf(items[i]).find((s) => !taken.has(s))!;
      taken.add(slug);
      fresh.push({ index: i, linked: items[i], slug, sourceId: await sourceIdOf(manager, items[i], rows) });
    }
  }
  for (let k = 0; k < fresh.length; k += INSERT_CHUNK) {
    const chunk = fresh.slice(k, k + INSERT_CHUNK);
    const ids = await insertArticles(manager, chunk);
    chunk.forEach((f, n) => (outcomes[f.index] = { outcome: 'created', articleId: ids[n], userErrors: [] }));
  }
  for (const i of later.sort((a, b) => a - b)) outcomes[i] = await storeLinkedArticle(manager, items[i]);
  return outcomes as StoreOutcome[];
}

async function sourceIdOf(manager: EntityManager, linked: LinkedArticle, rows: Lookup[]): Promise<number | null> {
  const slug = sourceSlugOf(linked);
  if (slug === null) return null;
  const known = rows.find((r) => r.what === 'source' && r.slug === slug);
  if (known) return known.id;
  const id = await insertSource(manager, linked.article.sourceName!);
  rows.push({ what: 'source', id, url: null, contentHash: null, slug });
  return id;
}

/**
 * New articles with their mentions and per-entity summary rows (the rows storeArticle
 * writes) in a single statement: bulk loads are bound by round trips and by
 * article_entity's statement triggers. Returns the new ids in input order.
 */
async function insertArticles(
  manager: EntityManager,
  items: { linked: LinkedArticle; slug: string; sourceId: number | null }[],
): Promise<number[]> {
  const articles = items.map(({ linked, slug, sourceId }) => ({ ...linked.article, slug, sourceId, hash: linked.hash }));
  const mentions = items.flatMap(({ linked }, ord) => [...linked.fieldMentions, ...linked.mentions].map((m) => ({ ord, ...m })));
  const rows: { ord: number; id: number }[] = await manager.query(
    `WITH input AS (
       SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::text[], $9::int[], $10::text[], $16::text[])
         AS t(ord, slug, title, lead, body, language, published_at, url, source_id, content_hash, raw_body)
     ), a AS (
       INSERT INTO article (slug, title, lead, body, language, published_at, url, source_id, content_hash, raw_body)
       SELECT slug, title, lead, body, language, published_at, url, source_id, content_hash, raw_body FROM input ORDER BY ord
       RETURNING id, content_hash, published_at
     ), ids AS (
       SELECT input.ord, a.id, a.published_at FROM a JOIN input USING (content_hash)
     ), m AS (
       INSERT INTO mention (article_id, entity_id, start, "end", text, field)
       SELECT ids.id, t.entity_id, t.start, t.stop, t.text, t.field
         FROM unnest($11::int[], $12::int[], $13::int[], $14::int[], $15::text[], $17::text[]) AS t(ord, entity_id, start, stop, text, field) JOIN ids USING (ord)
     ), s AS (
       INSERT INTO article_entity (article_id, entity_id, mentions, first_start, published_at)
       SELECT ids.id, t.entity_id, count(*), min(t.start), ids.published_at
         FROM unnest($11::int[], $12::int[], $18::int[]) AS t(ord, entity_id, start) JOIN ids USING (ord)
        GROUP BY ids.id, ids.published_at, t.entity_id
     )
     SELECT ord, id FROM ids`,
    [
      articles.map((_, ord) => ord), articles.map((a) => a.slug), articles.map((a) => a.title), articles.map((a) => a.lead),
      articles.map((a) => a.body), articles.map((a) => a.language), articles.map((a) => a.publishedAt ?? new Date()),
      articles.map((a) => a.url), articles.map((a) => a.sourceId), articles.map((a) => a.hash),
      mentions.map((m) => m.ord), mentions.map((m) => m.entityId), mentions.map((m) => m.start), mentions.map((m) => m.end),
      mentions.map((m) => m.text), articles.map((a) => a.rawBody), mentions.map((m) => m.field ?? 'body'), mentions.map(readingOrderStart),
    ],
  );
  const idOf = new Map(rows.map((r) => [r.ord, r.id]));
  const candidates = items.map(({ linked }, ord) => ({ articleId: idOf.get(ord)!, rows: candidateRowsOf(linked.article, linked.candidates) }));
  await replaceCandidates(manager, candidates, { fresh: true });
  return items.map((_, ord) => idOf.get(ord)!);
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
            published_at = COALESCE($7, published_at), source_id = COALESCE($8, source_id), raw_body = $9, updated_at = now()
      WHERE id = $1`,
    [id, article.title, article.lead, article.body, hash, article.language, article.publishedAt, sourceId, article.rawBody],
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
