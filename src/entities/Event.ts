import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type EventKind = 'visit' | 'meeting' | 'agreement_signed' | 'conference' | 'phone_call' | 'reception' | 'joint_statement' | 'other';
export type DatePrecision = 'day' | 'week' | 'month' | 'year';
/** proposed: extracted, not reviewed; confirmed or rejected by an editor (curated data is confirmed). */
export type EventStatus = 'proposed' | 'confirmed' | 'rejected';
/** Where an event comes from: hand-written data, the extractor, or an editor's mutation. */
export type EventOrigin = 'curated' | 'extracted' | 'editor';

@Entity({ name: 'event' })
export class Event {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'text', unique: true }) slug: string;
  @Column({ type: 'text' }) kind: EventKind;
  @Column({ type: 'text' }) title: string;
  /** First day of the known period; see datePrecision. */
  @Column({ type: 'date', nullable: true }) date: string | null;
  @Column({ name: 'date_precision', type: 'text', nullable: true }) datePrecision: DatePrecision | null;
  @Column({ name: 'place_id', type: 'integer', nullable: true }) placeId: number | null;
  /** The place as the text names it, when it is no known place (null once placeId is set). */
  @Column({ name: 'place_name', type: 'text', nullable: true }) placeName: string | null;
  @Column({ type: 'text', default: 'confirmed' }) status: EventStatus;
  /** In [0, 1]: rises with independent sources; 1 for curated and editor-confirmed data. */
  @Column({ type: 'real', default: 1 }) confidence: number;
  @Column({ type: 'text', default: 'curated' }) origin: EventOrigin;
}
