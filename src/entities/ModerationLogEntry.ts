import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { CommentStatus } from './Comment';

export type ModerationAction = 'approve' | 'reject' | 'mark_spam' | 'delete';

/** One moderation action: who (the token's name), when, what (the transition) and why. */
@Entity({ name: 'moderation_log' })
export class ModerationLogEntry {
  @PrimaryGeneratedColumn() id: number;
  @Column({ name: 'comment_id', type: 'integer' }) commentId: number;
  @Column({ type: 'text' }) action: ModerationAction;
  @Column({ name: 'from_status', type: 'text' }) fromStatus: CommentStatus;
  @Column({ name: 'to_status', type: 'text' }) toStatus: CommentStatus;
  @Column({ type: 'text', nullable: true }) reason: string | null;
  @Column({ name: 'actor_token_id', type: 'integer' }) actorTokenId: number;
  @Column({ name: 'actor_name', type: 'text' }) actorName: string;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
}
