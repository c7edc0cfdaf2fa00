import type { Role } from '../../entities/ApiToken';

/** Who is calling: anonymous readers have no viewer; staff act through bearer API tokens. */
export type { Role };

export const ROLES: readonly Role[] = ['editor', 'moderator', 'admin'];

export interface Viewer {
  tokenId: number;
  name: string;
  role: Role;
}
