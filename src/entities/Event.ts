import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type EventKind = 'visit' | 'meeting' | 'agreement_signed' | 'conference' | 'other';
export type DatePrecision = 'day' | 'month' | 'year';

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
}
