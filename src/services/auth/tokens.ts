import { createHash, randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ApiToken } from '../../entities';
import { ROLES, type Role, type Viewer } from './viewer';

/**
 * Bearer API tokens for staff: 32 random bytes (base64url) behind a fixed prefix, so a
 * token is recognisable in a leaked file. Only the sha256 of the token is stored: the
 * token has enough entropy that a slow hash buys nothing, and lookups stay one indexed read.
 */
export const TOKEN_PREFIX = 'enk_';
const TOKEN_PATTERN = /^enk_[A-Za-z0-9_-]{43}$/;
export { ROLES };
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ._@-]{0,63}$/;

export class TokenError extends Error {}

export function isWellFormedToken(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function parseRole(raw: string): Role {
  const role = raw.toLowerCase() as Role;
  if (!ROLES.includes(role)) throw new TokenError(`role: expected one of ${ROLES.join(', ')}, got "${raw}"`);
  return role;
}

export interface CreatedToken {
  id: number;
  name: string;
  role: Role;
  /** The only time the token exists outside the caller's hands. */
  token: string;
}

export async function createApiToken(ds: DataSource, name: string, role: Role): Promise<CreatedToken> {
  if (!NAME_PATTERN.test(name)) {
    throw new TokenError(`name: 1 to 64 letters, digits, spaces or ._@- starting with a letter or digit, got "${name.slice(0, 80)}"`);
  }
  parseRole(role);
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  try {
    const [row]: { id: number }[] = await ds.query(
      `INSERT INTO api_token (name, role, token_hash) VALUES ($1, $2, $3) RETURNING id`,
      [name, role, hashToken(token)],
    );
    return { id: row.id, name, role, token };
  } catch (e) {
    if ((e as { code?: string }).code === '23505') throw new TokenError(`name: an active token named "${name}" already exists; revoke it first or pick another name`);
    throw e;
  }
}

/** Revokes the active token with this name (or numeric id). Null when there is none. */
export async function revokeApiToken(ds: DataSource, nameOrId: string): Promise<ApiToken | null> {
  const byId = /^\d{1,9}$/.test(nameOrId);
  // TypeORM answers an UPDATE … RETURNING on PostgreSQL with [rows, affectedCount].
  const [rows]: [ApiToken[], number] = await ds.query(
    `UPDATE api_token SET revoked_at = now()
      WHERE revoked_at IS NULL AND ${byId ? 'id = $1::int' : 'name = $1'}
      RETURNING id, name, role, created_at AS "createdAt", revoked_at AS "revokedAt"`,
    [nameOrId],
  );
  return rows[0] ?? null;
}

export function listApiTokens(ds: DataSource): Promise<ApiToken[]> {
  return ds.getRepository(ApiToken).find({ order: { id: 'ASC' } });
}

/** The viewer an active, well-formed token belongs to; null for anything else. */
export async function viewerForToken(ds: DataSource, token: string): Promise<Viewer | null> {
  if (!isWellFormedToken(token)) return null;
  const rows: { id: number; name: string; role: Role }[] = await ds.query(
    `SELECT id, name, role FROM api_token WHERE token_hash = $1 AND revoked_at IS NULL`,
    [hashToken(token)],
  );
  return rows[0] ? { tokenId: rows[0].id, name: rows[0].name, role: rows[0].role } : null;
}
