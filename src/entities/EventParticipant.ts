import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'event_participant' })
export class EventParticipant {
  @PrimaryColumn({ name: 'event_id', type: 'integer' }) eventId: number;
  @PrimaryColumn({ name: 'entity_id', type: 'integer' }) entityId: number;
  @Column({ type: 'text' }) role: string;
  /** Copied from the event so "who met whom in a window" reads one index. */
  @Column({ type: 'date', nullable: true }) date: string | null;
}
