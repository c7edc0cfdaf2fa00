import { codedError } from '../../schema/errors';
import type { Role, Viewer } from './viewer';

const label = (roles: readonly Role[]) => roles.map((r) => r.toUpperCase()).join(' or ');

/**
 * The one role check resolvers use. No viewer: UNAUTHENTICATED (send a bearer token);
 * a viewer without one of `allowed`: FORBIDDEN. Roles do not imply each other: list every
 * role that may act (ADMIN is listed explicitly where it may).
 */
export function requireRole(viewer: Viewer | null, allowed: readonly Role[], what: string): Viewer {
  if (!viewer) {
    throw codedError('UNAUTHENTICATED', `${what} needs a bearer API token with the role ${label(allowed)}`);
  }
  if (!allowed.includes(viewer.role)) {
    throw codedError('FORBIDDEN', `${what} needs the role ${label(allowed)}; the token "${viewer.name}" has ${viewer.role.toUpperCase()}`);
  }
  return viewer;
}
