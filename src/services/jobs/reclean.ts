import type { DataSource } from 'typeorm';
import { cleanPage } from '../ingest/clean-page';
import { lockLinkWrites } from '../ingest/link-writes';
import { linkArticle, purgeStored, recordEventsOfStored, updateLinkedArticle, type LinkedArticle, type StoreOutcome } from '../ingest/ingest-article';
import { currentGazetteer } from '../linking/current-gazetteer';
import { purge } from '../purge';
import { forEachArticlePage } from './article-pages';
import { recordProgress, type RecordFailure } from './job-store';

interface StoredArticle {
  id: number;
  title: string;
  lead: string | null;
  body: string;
  rawBody: string | null;
  language: string;
  publishedAt: Date | null;
}

/**
 * Cleans the stored articles (or those of `articleIds`) again from the raw text kept beside
 * their body, with the current cleaner, page by page in id order (each page in one
 * transaction). An article whose cleaned text changed is written as an edit on ingest is:
 * body, mentions, candidates and events replaced, caches purged. Articles without raw text
 * are skipped and counted; a raw text that cleans to nothing (or to another article's text)
 * leaves the article as it is and is reported among the job's failures.
 */
export async function recleanArticles(ds: DataSource, jobId: number, articleIds?: number[]): Promise<void> {
  const gazetteer = await currentGazetteer(ds);
  await forEachArticlePage<StoredArticle>(ds, jobId, articleIds, `id, title, lead, body, raw_body AS "rawBody", language, published_at AS "publishedAt"`, async (articles) => {
    let skipped = 0;
    const failures: RecordFailure[] = [];
    const changed: { id: number; linked: LinkedArticle }[] = [];
    for (const a of articles) {
      if (a.rawBody === null) {
        skipped++;
        continue;
      }
      // The title, language and publication date stay (relative dates in the text resolve against
      // it); a page ingested without a title gave it its first line, and does again.
      const title = cleanPage(a.rawBody).title === a.title ? undefined : a.title;
      const linked = linkArticle({ title, body: a.rawBody, language: a.language, publishedAt: a.publishedAt }, gazetteer);
      if ('userErrors' in linked) failures.push({ record: `article ${a.id}`, reason: `${linked.userErrors.map((e) => e.message).join('; ')}; left unchanged` });
      else if (linked.article.body !== a.body || linked.article.lead !== a.lead) changed.push({ id: a.id, linked });
    }
    const outcomes: StoreOutcome[] = [];
    let events: number[] = [];
    let named: number[] = [];
    await ds.transaction(async (manager) => {
      if (changed.length) {
        await lockLinkWrites(manager);
        // Entities only the old text named (often in furniture) lose an article: their pages are purged too.
        named = (await manager.query(`SELECT DISTINCT entity_id AS id FROM article_entity WHERE article_id = ANY($1)`, [changed.map((c) => c.id)])).map((r: { id: number }) => r.id);
        const taken: { id: number; hash: string }[] = await manager.query(
          `SELECT id, content_hash AS hash FROM article WHERE content_hash = ANY($1)`, [changed.map((c) => c.linked.hash)],
        );
        for (const c of changed) {
          const other = taken.find((t) => t.hash === c.linked.hash && t.id !== c.id);
          if (other) {
            failures.push({ record: `article ${c.id}`, reason: `its cleaned text is the text of article ${other.id}; left unchanged` });
            outcomes.push({ outcome: 'rejected', articleId: null, userErrors: [] });
            continue;
          }
          await updateLinkedArticle(manager, c.id, c.linked, null);
          outcomes.push({ outcome: 'updated', articleId: c.id, userErrors: [] });
        }
        events = await recordEventsOfStored(manager, changed.map((c) => c.linked), outcomes);
      }
      const updated = outcomes.filter((o) => o.outcome === 'updated').length;
      await recordProgress(manager, jobId, { done: articles.length, updated, unchanged: articles.length - updated - skipped - failures.length, skipped, failures });
    });
    // The pages that showed these articles, the entities they name and their events show other text now.
    await purgeStored(changed.map((c) => c.linked), outcomes, events);
    if (outcomes.some((o) => o.outcome === 'updated')) await purge({ entities: named }, 'articles recleaned');
  });
}
