import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Article, ArticleEntity, ArticleTopic, Mention } from '../../entities';
import type { LinkedMention } from '../linking/gazetteer';

export interface ArticleInput {
  slug: string;
  title: string;
  lead: string | null;
  body: string;
  language: string;
  publishedAt: Date;
  url: string | null;
  sourceId: number | null;
  topicIds: number[];
  mentions: LinkedMention[];
}

/** The same text is the same article, whatever its spacing, case or accents. */
export function contentHash(title: string, body: string): string {
  const normalized = `${title}\n${body}`.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
  return createHash('sha256').update(normalized).digest('hex');
}

/**
 * Writes an article with its mentions, the per-entity summary rows and its topics. Call
 * it inside a transaction: the article and its links land together or not at all.
 */
export async function storeArticle(manager: EntityManager, input: ArticleInput): Promise<Article> {
  for (const m of input.mentions) {
    const field = m.field ?? 'body';
    const text = field === 'title' ? input.title : field === 'lead' ? input.lead ?? '' : input.body;
    if (text.slice(m.start, m.end) !== m.text) {
      throw new Error(`mention "${m.text}" at ${m.start}-${m.end} does not match the ${field}`);
    }
  }
  const article = await manager.save(
    manager.create(Article, {
      slug: input.slug,
      title: input.title,
      lead: input.lead,
      body: input.body,
      language: input.language,
      publishedAt: input.publishedAt,
      url: input.url,
      sourceId: input.sourceId,
      contentHash: contentHash(input.title, input.body),
    }),
  );
  await replaceLinks(manager, article, input.mentions, input.topicIds);
  return article;
}

/**
 * Where a mention stands in reading order, for article_entity.first_start (entities are
 * listed in order of first mention): the title first, then a lead that is not the body's
 * first paragraph, then the body at its own offsets.
 */
export function readingOrderStart(m: Pick<LinkedMention, 'field' | 'start'>): number {
  return m.field === 'title' ? m.start - 2_000_000_000 : m.field === 'lead' ? m.start - 1_000_000_000 : m.start;
}

/** Replaces an article's mentions, entity summary rows and topics with the given ones. */
export async function replaceLinks(
  manager: EntityManager,
  article: Article,
  mentions: LinkedMention[],
  topicIds: number[],
): Promise<void> {
  await manager.delete(Mention, { articleId: article.id });
  await manager.delete(ArticleEntity, { articleId: article.id });
  await manager.delete(ArticleTopic, { articleId: article.id });
  if (mentions.length) {
    await manager.insert(
      Mention,
      mentions.map((m) => ({ articleId: article.id, entityId: m.entityId, start: m.start, end: m.end, text: m.text, field: m.field ?? 'body' })),
    );
    const perEntity = new Map<number, ArticleEntity>();
    for (const m of mentions) {
      const row = perEntity.get(m.entityId);
      if (row) {
        row.mentions++;
        row.firstStart = Math.min(row.firstStart, readingOrderStart(m));
      } else {
        perEntity.set(m.entityId, manager.create(ArticleEntity, {
          articleId: article.id, entityId: m.entityId, mentions: 1, firstStart: readingOrderStart(m), publishedAt: article.publishedAt,
        }));
      }
    }
    await manager.insert(ArticleEntity, [...perEntity.values()]);
  }
  if (topicIds.length) {
    await manager.insert(
      ArticleTopic,
      [...new Set(topicIds)].map((topicId) => ({ articleId: article.id, topicId, publishedAt: article.publishedAt })),
    );
  }
}
