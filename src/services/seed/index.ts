import fs from 'node:fs';
import path from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import { projectRoot } from '../../config';
import { Affiliation, Article, Event, EventParticipant, EventSource, NamedEntity, Source, Topic } from '../../entities';
import { storeArticle } from '../../services/articles/store-article';
import { cleanPage } from '../../services/ingest/clean-page';
import { Gazetteer } from '../../services/linking/gazetteer';
import { sentenceAround } from '../../services/linking/sentences';
import { slugify } from '../../services/slug';
import { audit, recordArticleEvents } from '../../services/events/record';
import {
  SEED_ARTICLE_FILE, SEED_PUBLISHED_AT, seedAffiliations, seedEvents, seedOrganizations, seedPeople, seedPlaces,
  seedSource, seedTopics,
} from './demo-article';

export function readSeedArticle(): string {
  return fs.readFileSync(path.join(projectRoot, 'seed', SEED_ARTICLE_FILE), 'utf8');
}

/** Loads the demo article and everything it reports, in one transaction. */
export async function seedDemoData(dataSource: DataSource): Promise<Article> {
  return dataSource.transaction(async (manager) => {
    const byKey = new Map<string, NamedEntity>();
    // The same kind and slug is the same entity (a synthetic dataset's Morocco is the seed's):
    // reused, with the seed's aliases added, so the seed loads beside other data.
    const saveEntity = async (key: string, values: Partial<NamedEntity>) => {
      const [existing]: { id: number }[] = await manager.query(
        `SELECT COALESCE(merged_into_id, id) AS id FROM entity WHERE kind = $1 AND slug = $2`, [values.kind, values.slug],
      );
      if (!existing) return void byKey.set(key, await manager.save(manager.create(NamedEntity, values)));
      await manager.query(
        `UPDATE entity SET aliases = ARRAY(SELECT a FROM unnest(aliases || $2::text[]) WITH ORDINALITY AS t(a, n) GROUP BY a ORDER BY min(n))
          WHERE id = $1`,
        [existing.id, values.aliases ?? []],
      );
      byKey.set(key, await manager.findOneByOrFail(NamedEntity, { id: existing.id }));
    };
    for (const p of seedPlaces) {
      await saveEntity(p.key, { kind: 'place', slug: p.slug, name: p.name, placeKind: p.kind, code: p.code ?? null, aliases: p.aliases });
    }
    for (const o of seedOrganizations) {
      await saveEntity(o.key, {
        kind: 'organization', slug: o.slug, name: o.name, acronym: o.acronym ?? null,
        countryId: byKey.get(o.country)!.id, aliases: o.aliases,
      });
    }
    for (const p of seedPeople) {
      await saveEntity(p.key, { kind: 'person', slug: p.slug, name: p.name, title: p.title, countryId: byKey.get(p.country)!.id, aliases: p.aliases });
    }

    const source = (await manager.findOneBy(Source, { slug: seedSource.slug })) ?? (await manager.save(manager.create(Source, seedSource)));
    // Topics are known by slug too: a dataset's "terrorism" is the seed's.
    const topics: Topic[] = [];
    for (const t of seedTopics) topics.push((await manager.findOneBy(Topic, { slug: t.slug })) ?? (await manager.save(manager.create(Topic, t))));

    const page = cleanPage(readSeedArticle());
    const gazetteer = new Gazetteer(
      [...byKey.values()].map((e) => ({ entityId: e.id, kind: e.kind, names: [e.name, ...(e.acronym ? [e.acronym] : []), ...e.aliases] })),
    );
    const mentions = gazetteer.link(page.body);
    const article = await storeArticle(manager, {
      slug: slugify(page.title),
      title: page.title,
      lead: page.lead,
      body: page.body,
      language: 'fr',
      publishedAt: SEED_PUBLISHED_AT,
      url: null,
      sourceId: source.id,
      topicIds: topics.map((t) => t.id),
      mentions,
    });
    await recordArticleEvents(manager, [{ articleId: article.id, body: article.body, publishedAt: SEED_PUBLISHED_AT, language: 'fr', mentions }]);

    for (const a of seedAffiliations) {
      await manager.insert(Affiliation, {
        personId: byKey.get(a.person)!.id, organizationId: byKey.get(a.organization)!.id, role: a.role, sourceArticleId: article.id,
      });
    }
    await seedEventsOf(manager, article, byKey);
    return article;
  });
}

/**
 * The extractor's events of the article, confirmed under their stable slugs and titles, then
 * the curated ones it does not propose (origin curated), each with its evidence sentence.
 */
async function seedEventsOf(manager: EntityManager, article: Article, byKey: Map<string, NamedEntity>): Promise<void> {
  for (const e of seedEvents) {
    if (e.extracted) {
      const confirmed: { id: number }[] = await manager.query(
        `WITH confirmed AS (UPDATE event SET slug = $1, title = $2, status = 'confirmed', confidence = 1
          WHERE id = (SELECT ev.id FROM event ev JOIN event_source s ON s.event_id = ev.id AND s.article_id = $3
                       WHERE ev.kind = $4 AND ev.date = $5 AND ev.status = 'proposed' ORDER BY ev.id LIMIT 1)
          RETURNING id) SELECT id FROM confirmed`,
        [e.slug, e.title, article.id, e.kind, e.date],
      );
      if (!confirmed.length) throw new Error(`seed: the extractor did not propose ${e.slug} from the article`);
      await audit(manager, [{ eventId: confirmed[0].id, action: 'confirm', actorName: 'seed', after: { slug: e.slug, status: 'confirmed' } }]);
      continue;
    }
    const event = await manager.save(manager.create(Event, {
      slug: e.slug, kind: e.kind, title: e.title, date: e.date, datePrecision: e.datePrecision, placeId: byKey.get(e.place)!.id,
      status: 'confirmed', confidence: 1, origin: 'curated',
    }));
    await manager.insert(EventParticipant, e.participants.map((p) => ({
      eventId: event.id, entityId: byKey.get(p.key)!.id, role: p.role, date: event.date,
    })));
    const sentence = sentenceAround(article.body, e.evidence);
    if (!sentence) throw new Error(`seed: the phrase "${e.evidence}" is not in the article body`);
    await manager.insert(EventSource, { eventId: event.id, articleId: article.id, start: sentence.start, end: sentence.end });
  }
}

/** Seeds the demo data when the database holds no article; returns whether it did. */
export async function seedIfEmpty(dataSource: DataSource): Promise<boolean> {
  const [{ empty }] = await dataSource.query(`SELECT NOT EXISTS (SELECT 1 FROM article) AS empty`);
  if (!empty) return false;
  await seedDemoData(dataSource);
  return true;
}
