import type { IncomingMessage } from 'node:http';
import type { AppDeps } from './context';
import type { Viewer } from '../services/auth/viewer';

/**
 * Who sends the request. Bearer API tokens (EDITOR, MODERATOR, ADMIN) arrive with the
 * comments issue; until then every caller is an anonymous reader.
 */
export async function authenticate(_deps: AppDeps, _req: IncomingMessage): Promise<Viewer | null> {
  return null;
}
