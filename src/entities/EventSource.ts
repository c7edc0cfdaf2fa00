import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An article that reports an event, with the sentence that says so. */
@Entity({ name: 'event_source' })
export class EventSource {
  @PrimaryColumn({ name: 'event_id', type: 'integer' }) eventId: number;
  @PrimaryColumn({ name: 'article_id', type: 'integer' }) articleId: number;
  @Column({ type: 'integer' }) start: number;
  @Column({ type: 'integer' }) end: number;
}
