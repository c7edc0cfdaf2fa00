import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type EventAuditAction = 'propose' | 'attach' | 'create' | 'update' | 'confirm' | 'reject' | 'merge' | 'split';

/** One change to an event: who (a token's name, or the extractor), when, before and after. */
@Entity({ name: 'event_audit' })
export class EventAuditEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ name: 'event_id', type: 'integer' }) eventId: number;
  @Column({ type: 'text' }) action: EventAuditAction;
  /** Null when the extractor made the change. */
  @Column({ name: 'actor_token_id', type: 'integer', nullable: true }) actorTokenId: number | null;
  @Column({ name: 'actor_name', type: 'text' }) actorName: string;
  @Column({ type: 'jsonb', nullable: true }) before: Record<string, unknown> | null;
  @Column({ type: 'jsonb', nullable: true }) after: Record<string, unknown> | null;
  @Column({ type: 'text', nullable: true }) reason: string | null;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
}
