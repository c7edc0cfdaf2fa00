import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'article_topic' })
export class ArticleTopic {
  @PrimaryColumn({ name: 'article_id', type: 'integer' }) articleId: number;
  @PrimaryColumn({ name: 'topic_id', type: 'integer' }) topicId: number;
  /** Copied from the article so a topic's articles page by date from one index. */
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true }) publishedAt: Date | null;
}
