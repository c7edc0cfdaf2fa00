import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Which text of the article a mention's offsets point into. */
export type MentionField = 'title' | 'lead' | 'body';

/** A span of an article's title, lead or body naming an entity; offsets are UTF-16 code units. */
@Entity({ name: 'mention' })
export class Mention {
  @PrimaryGeneratedColumn() id: number;
  @Column({ name: 'article_id', type: 'integer' }) articleId: number;
  @Column({ name: 'entity_id', type: 'integer' }) entityId: number;
  @Column({ type: 'integer' }) start: number;
  @Column({ type: 'integer' }) end: number;
  @Column({ type: 'text' }) text: string;
  /** The lead only when it is not the body's first paragraph (then its mentions are the body's). */
  @Column({ type: 'text', default: 'body' }) field: MentionField;
}
