import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** What a token may do (services/auth/viewer.ts lists them in order). */
export type Role = 'editor' | 'moderator' | 'admin';

/** A bearer API token for staff. Only the sha256 of the token is stored; it is shown once. */
@Entity({ name: 'api_token' })
export class ApiToken {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text' }) role: Role;
  @Column({ name: 'token_hash', type: 'text', select: false }) tokenHash?: string;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true }) revokedAt: Date | null;
}
