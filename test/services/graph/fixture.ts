import type { DataSource } from 'typeorm';

/**
 * Small hand-built graphs in a test's own database: entities, events with participants,
 * articles naming entities (article_entity rows) and affiliations, written as the real
 * tables hold them.
 */
export class GraphFixture {
  private counter = 0;

  constructor(readonly ds: DataSource) {}

  private next(prefix: string): string {
    return `${prefix}-${++this.counter}`;
  }

  private async entity(kind: 'person' | 'organization' | 'place', name: string): Promise<number> {
    const [{ id }] = await this.ds.query(`INSERT INTO entity (kind, slug, name) VALUES ($1, $2, $3) RETURNING id`, [kind, this.next(kind), name]);
    return id;
  }

  person(name: string) {
    return this.entity('person', name);
  }

  organization(name: string) {
    return this.entity('organization', name);
  }

  place(name: string) {
    return this.entity('place', name);
  }

  /**
   * An event on `date` (null: undated) that all `participants` took part in; curated (confirmed,
   * confidence 1) unless told. A rejected one keeps no participants, as rejectEvent leaves it.
   */
  async event(
    date: string | null, participants: number[], title = this.next('event'),
    review: { status?: 'proposed' | 'confirmed' | 'rejected'; confidence?: number } = {},
  ): Promise<number> {
    const [{ id }] = await this.ds.query(
      `INSERT INTO event (slug, kind, title, date, date_precision, status, confidence) VALUES ($1, 'meeting', $2, $3, $4, $5, $6) RETURNING id`,
      [this.next('event'), title, date, date ? 'day' : null, review.status ?? 'confirmed', review.confidence ?? 1],
    );
    if (review.status === 'rejected') return id;
    for (const entityId of participants) {
      await this.ds.query(`INSERT INTO event_participant (event_id, entity_id, role, date) VALUES ($1, $2, 'participant', $3)`, [id, entityId, date]);
    }
    return id;
  }

  /** An article published at `publishedAt` that names every one of `entities`. */
  async article(publishedAt: string, entities: number[]): Promise<number> {
    const slug = this.next('article');
    const [{ id }] = await this.ds.query(
      `INSERT INTO article (slug, title, body, language, published_at, content_hash) VALUES ($1, $1, $1, 'en', $2, $1) RETURNING id`,
      [slug, publishedAt],
    );
    for (const entityId of entities) {
      await this.ds.query(
        `INSERT INTO article_entity (article_id, entity_id, mentions, first_start, published_at) VALUES ($1, $2, 1, 0, $3)`,
        [id, entityId, publishedAt],
      );
    }
    return id;
  }

  /** The article reports the event (event_source). */
  async source(eventId: number, articleId: number) {
    await this.ds.query(`INSERT INTO event_source (event_id, article_id, start, "end") VALUES ($1, $2, 0, 1)`, [eventId, articleId]);
  }

  async affiliation(personId: number, organizationId: number, period: { since?: string; until?: string; sourceArticleId?: number } = {}) {
    await this.ds.query(
      `INSERT INTO affiliation (person_id, organization_id, role, since, until, source_article_id) VALUES ($1, $2, 'member', $3, $4, $5)`,
      [personId, organizationId, period.since ?? null, period.until ?? null, period.sourceArticleId ?? null],
    );
  }

  /** Empties the graph tables between tests of one file. */
  async clear() {
    await this.ds.query(`TRUNCATE event_participant, event_source, event, affiliation, article_entity, mention, article_topic, article, entity RESTART IDENTITY CASCADE`);
  }
}
