import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A span of an article's body naming an entity; offsets are UTF-16 code units. */
@Entity({ name: 'mention' })
export class Mention {
  @PrimaryGeneratedColumn() id: number;
  @Column({ name: 'article_id', type: 'integer' }) articleId: number;
  @Column({ name: 'entity_id', type: 'integer' }) entityId: number;
  @Column({ type: 'integer' }) start: number;
  @Column({ type: 'integer' }) end: number;
  @Column({ type: 'text' }) text: string;
}
