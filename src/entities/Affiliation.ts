import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A person's role in an organization. */
@Entity({ name: 'affiliation' })
export class Affiliation {
  @PrimaryGeneratedColumn() id: number;
  @Column({ name: 'person_id', type: 'integer' }) personId: number;
  @Column({ name: 'organization_id', type: 'integer' }) organizationId: number;
  @Column({ type: 'text' }) role: string;
  @Column({ type: 'date', nullable: true }) since: string | null;
  @Column({ type: 'date', nullable: true }) until: string | null;
  /** The article that states the role, when there is one. */
  @Column({ name: 'source_article_id', type: 'integer', nullable: true }) sourceArticleId: number | null;
}
