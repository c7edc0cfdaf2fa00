import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One row per (article, entity) mentioned in it: the entity pages' "articles" lists and
 * co-mention edges read this instead of de-duplicating mentions on every request.
 * Written with the mentions, in the same transaction.
 */
@Entity({ name: 'article_entity' })
export class ArticleEntity {
  @PrimaryColumn({ name: 'article_id', type: 'integer' }) articleId: number;
  @PrimaryColumn({ name: 'entity_id', type: 'integer' }) entityId: number;
  @Column({ type: 'integer' }) mentions: number;
  /** The position of the first mention, so an article lists its entities in reading order. */
  @Column({ name: 'first_start', type: 'integer' }) firstStart: number;
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true }) publishedAt: Date | null;
}
