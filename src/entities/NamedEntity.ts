import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type EntityKind = 'person' | 'organization' | 'place';
export type PlaceKind = 'country' | 'region' | 'city' | 'other';

/**
 * People, organizations and places live in one table: mentions, event participations and
 * graph edges point at "an entity" whatever its kind, and one id space keeps those joins
 * plain. Kind-specific columns are null for the other kinds.
 */
@Entity({ name: 'entity' })
export class NamedEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'text' }) kind: EntityKind;
  @Column({ type: 'text' }) slug: string;
  @Column({ type: 'text' }) name: string;
  /** Person: the role the person is best known by. */
  @Column({ type: 'text', nullable: true }) title: string | null;
  /** Organization: e.g. DGSN. */
  @Column({ type: 'text', nullable: true }) acronym: string | null;
  @Column({ name: 'place_kind', type: 'text', nullable: true }) placeKind: PlaceKind | null;
  /** Place: ISO 3166-1 alpha-2 for countries. */
  @Column({ type: 'text', nullable: true }) code: string | null;
  @Column({ name: 'country_id', type: 'integer', nullable: true }) countryId: number | null;
  @Column({ name: 'parent_id', type: 'integer', nullable: true }) parentId: number | null;
  /** Set when this entity was merged into another: its id keeps resolving to the survivor. */
  @Column({ name: 'merged_into_id', type: 'integer', nullable: true }) mergedIntoId: number | null;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) aliases: string[];
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
}
