import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A publication articles come from. */
@Entity({ name: 'source' })
export class Source {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'text', unique: true }) slug: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text', nullable: true }) url: string | null;
}
