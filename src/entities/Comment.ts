import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type CommentStatus = 'pending' | 'approved' | 'rejected' | 'spam' | 'deleted';

@Entity({ name: 'comment' })
export class Comment {
  @PrimaryGeneratedColumn() id: number;
  @Column({ name: 'article_id', type: 'integer' }) articleId: number;
  @Column({ name: 'parent_id', type: 'integer', nullable: true }) parentId: number | null;
  /** 0 for a top-level comment; replies nest at most 3 deep. */
  @Column({ type: 'integer', default: 0 }) depth: number;
  @Column({ name: 'author_name', type: 'text' }) authorName: string;
  /**
   * Stored for moderation and never published: `select: false` keeps it out of every
   * query that does not name it, and no GraphQL field, error or log line carries it.
   */
  @Column({ type: 'text', select: false }) email?: string;
  @Column({ type: 'text' }) body: string;
  @Column({ type: 'text', default: 'pending', collation: 'C' }) status: CommentStatus;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
}
