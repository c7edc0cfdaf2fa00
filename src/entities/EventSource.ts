import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An article that reports an event, with the sentence that says so. */
@Entity({ name: 'event_source' })
export class EventSource {
  @PrimaryColumn({ name: 'event_id', type: 'integer' }) eventId: number;
  @PrimaryColumn({ name: 'article_id', type: 'integer' }) articleId: number;
  @Column({ type: 'integer' }) start: number;
  @Column({ type: 'integer' }) end: number;
  /** Every sentence of the article that supports it, as [start, end, start, end, …]; null: the one above. */
  @Column({ type: 'integer', array: true, nullable: true }) evidence: number[] | null;
  /** The extractor's confidence in what this article says; null for curated or editor sources. */
  @Column({ type: 'real', nullable: true }) confidence: number | null;
  /** What this article's text proposed (kind, participants, date, place), kept to undo a merge. */
  @Column({ type: 'jsonb', nullable: true }) proposal: Record<string, unknown> | null;
  /** Why this source was attached to an event another article had proposed; null when it proposed it. */
  @Column({ name: 'merge_reason', type: 'text', nullable: true }) mergeReason: string | null;
}
