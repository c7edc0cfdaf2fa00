import type { DataSource } from 'typeorm';
import { Article } from '../../entities';
import { replaceLinks } from '../articles/store-article';
import { extractEvents, type ProposedEvent } from '../events/extract';
import { recordArticleEvents } from '../events/record';
import { analyzeTitleAndLead, candidateRowsOf, withFieldCandidates } from '../ingest/ingest-article';
import { lockLinkWrites } from '../ingest/link-writes';
import { replaceCandidates, type CandidateRow } from '../candidates/archive';
import { currentGazetteer } from '../linking/current-gazetteer';
import type { LinkedMention } from '../linking/gazetteer';
import { forEachArticlePage } from './article-pages';
import { recordProgress } from './job-store';
import { purge } from '../purge';

/**
 * Re-runs linking over every stored article (or those of `articleIds`: the articles that
 * named a candidate an editor made an entity) with the current gazetteer, page by page in
 * id order, and rewrites the mentions and candidates of the articles whose links changed
 * (each page in one transaction). Re-running it is harmless: unchanged articles are not written.
 */
export async function relinkArticles(ds: DataSource, jobId: number, articleIds?: number[]): Promise<void> {
  const gazetteer = await currentGazetteer(ds);
  type Stored = Pick<Article, 'id' | 'title' | 'lead' | 'body' | 'publishedAt' | 'language'>;
  await forEachArticlePage<Stored>(ds, jobId, articleIds, `id, title, lead, body, published_at AS "publishedAt", language`, async (articles) => {
    const candidatesOf = new Map<number, CandidateRow[]>();
    const stored: { articleId: number; key: string }[] = await ds.query(
      `SELECT article_id AS "articleId", field || ':' || entity_id || ':' || start || ':' || "end" AS key FROM mention WHERE article_id = ANY($1)`,
      [articles.map((a) => a.id)],
    );
    const storedKeys = new Map<number, string[]>();
    for (const s of stored) storedKeys.set(s.articleId, [...(storedKeys.get(s.articleId) ?? []), s.key]);
    const changed: { article: Pick<Article, 'id' | 'body' | 'publishedAt' | 'language'>; mentions: LinkedMention[]; fieldMentions: LinkedMention[]; proposals: ProposedEvent[] }[] = [];
    for (const a of articles) {
      const { mentions, candidates } = gazetteer.analyze(a.body);
      const fields = analyzeTitleAndLead(gazetteer, a);
      candidatesOf.set(a.id, candidateRowsOf(a, withFieldCandidates(candidates, fields.candidates)));
      const fieldMentions = fields.mentions;
      const keys = [...fieldMentions, ...mentions].map((m) => `${m.field ?? 'body'}:${m.entityId}:${m.start}:${m.end}`);
      if (sameKeys(keys, storedKeys.get(a.id) ?? [])) continue;
      // Links changed: the events the text reports may too. Extracted here, before the page's
      // transaction takes the link-writes lock (CPU work, as on ingest).
      const proposals = extractEvents({ body: a.body, publishedAt: a.publishedAt, mentions, kindOf: (id) => gazetteer.kindOfEntity(id) });
      changed.push({ article: a, mentions, fieldMentions, proposals });
    }
    let events: number[] = [];
    await ds.transaction(async (manager) => {
      if (changed.length) {
        await lockLinkWrites(manager);
        const topics: { articleId: number; topicId: number }[] = await manager.query(
          `SELECT article_id AS "articleId", topic_id AS "topicId" FROM article_topic WHERE article_id = ANY($1)`,
          [changed.map((c) => c.article.id)],
        );
        for (const c of changed) {
          const topicIds = topics.filter((t) => t.articleId === c.article.id).map((t) => t.topicId);
          await replaceLinks(manager, c.article as Article, [...c.fieldMentions, ...c.mentions], topicIds);
        }
        await replaceCandidates(manager, changed.map((c) => ({ articleId: c.article.id, rows: candidatesOf.get(c.article.id)! })));
        // A rejected event is not proposed again.
        events = (await recordArticleEvents(manager, changed.map(({ article: a, mentions, proposals }) => ({ articleId: a.id, body: a.body, publishedAt: a.publishedAt, language: a.language, mentions, proposals })))).eventIds;
      }
      await recordProgress(manager, jobId, { done: articles.length, updated: changed.length, unchanged: articles.length - changed.length });
    });
    // Pages that showed these articles (and the entities now named) show other links now.
    if (changed.length) await purge({ articles: changed.map((c) => c.article.id), events, entities: [...new Set(changed.flatMap((c) => [...c.fieldMentions, ...c.mentions].map((m) => m.entityId)))] }, 'articles relinked');
  });
}

function sameKeys(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  const sorted = [...b].sort();
  return [...a].sort().every((k, i) => k === sorted[i]);
}
