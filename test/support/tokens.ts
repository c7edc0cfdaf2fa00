import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createApiToken } from '../../src/services/auth/tokens';
import type { Role } from '../../src/services/auth/viewer';

/**
 * A real API token for tests, created the way the CLI creates one (stored hashed).
 * Returns the token and the ready-made Authorization header.
 */
export async function createTestToken(
  dataSource: DataSource,
  role: Role,
  name = `${role}-${randomBytes(4).toString('hex')}`,
): Promise<{ token: string; name: string; headers: { authorization: string } }> {
  const created = await createApiToken(dataSource, name, role);
  return { token: created.token, name: created.name, headers: { authorization: `Bearer ${created.token}` } };
}
