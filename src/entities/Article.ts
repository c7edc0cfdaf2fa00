import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'article' })
@Index('article_published_idx', ['publishedAt', 'id'])
export class Article {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'text', unique: true, collation: 'C' }) slug: string;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text', nullable: true }) lead: string | null;
  @Column({ type: 'text' }) body: string;
  @Column({ type: 'text' }) language: string;
  @Column({ name: 'published_at', type: 'timestamptz' }) publishedAt: Date;
  @Column({ type: 'text', nullable: true, unique: true, collation: 'C' }) url: string | null;
  @Column({ name: 'source_id', type: 'integer', nullable: true }) sourceId: number | null;
  /** sha256 of the normalized text: the same text is not stored twice. */
  @Column({ name: 'content_hash', type: 'text', unique: true, collation: 'C' }) contentHash: string;
  /** Approved comments, kept in step with moderation so lists never count per row. */
  @Column({ name: 'comment_count', type: 'integer', default: 0 }) commentCount: number;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt: Date;
}
