import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'topic' })
export class Topic {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'text', unique: true }) slug: string;
  @Column({ type: 'text' }) label: string;
}
