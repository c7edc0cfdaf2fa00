import type { IncomingMessage } from 'node:http';
import { countingDataSource, type SqlCounter } from '../db/sql-counter';
import type { AppDeps } from './context';
import { HttpError } from './server';
import { viewerForToken } from '../services/auth/tokens';
import type { Viewer } from '../services/auth/viewer';

/**
 * Who sends the request. The rule, decided before any GraphQL execution:
 * - no `Authorization` header: an anonymous reader (null); operations that need a role
 *   then answer the GraphQL error UNAUTHENTICATED;
 * - `Authorization: Bearer <token>` with an active token: that token's viewer; an
 *   operation its role may not run answers FORBIDDEN;
 * - any other `Authorization` (another scheme, a malformed, unknown or revoked token):
 *   HTTP 401 with `WWW-Authenticate: Bearer` and the code UNAUTHENTICATED. The request never
 *   reaches execution: a client that meant to act as staff must not be served as anonymous.
 * There is no HTTP 403: which role a request needs depends on the fields it selects, so a
 * wrong role is always the GraphQL error FORBIDDEN (HTTP 200, other fields still served).
 * Roles do not imply each other; each resolver lists the roles it admits (requireRole).
 */
export async function authenticate(deps: AppDeps, req: IncomingMessage, counter?: SqlCounter): Promise<Viewer | null> {
  return viewerFromAuthorization(deps, req.headers.authorization, counter);
}

/**
 * Shared by HTTP requests and WebSocket connections (connection params or upgrade headers).
 * `counter`: the request's SQL counter, so the token lookup counts with the request.
 */
export async function viewerFromAuthorization(deps: AppDeps, header: string | undefined, counter?: SqlCounter): Promise<Viewer | null> {
  if (header === undefined || header === '') return null;
  const match = /^Bearer +(\S+) *$/i.exec(header);
  if (!match) throw new HttpError(401, 'Authorization: expected "Bearer <token>"');
  const viewer = await viewerForToken(counter ? countingDataSource(deps.dataSource, counter) : deps.dataSource, match[1]);
  if (!viewer) throw new HttpError(401, 'Authorization: the bearer token is malformed, unknown or revoked');
  return viewer;
}
