import type { IncomingMessage } from 'node:http';
import { countingDataSource, type SqlCounter } from '../db/sql-counter';
import type { AppDeps } from '../context';
import { clientAddressOf } from './client-address';
import { HttpError } from './http-error';
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
 * - too many failed attempts from one client address: HTTP 429 with Retry-After and the code
 *   RATE_LIMITED, before the token is looked up (see viewerFromAuthorization).
 * There is no HTTP 403: which role a request needs depends on the fields it selects, so a
 * wrong role is always the GraphQL error FORBIDDEN (HTTP 200, other fields still served).
 * Roles do not imply each other; each resolver lists the roles it admits (requireRole).
 */
export async function authenticate(deps: AppDeps, req: IncomingMessage, counter?: SqlCounter): Promise<Viewer | null> {
  return viewerFromAuthorization(deps, req.headers.authorization, clientAddressOf(req, deps.config.trustedProxies), counter);
}

/**
 * Shared by HTTP requests and WebSocket connections (connection params or upgrade headers).
 * `clientAddress`: whose failed attempts are counted. `counter`: the request's SQL counter,
 * so the token lookup counts with the request.
 *
 * Failed attempts (any Authorization answered 401) are throttled per client address through the
 * service's rate limiter (shared by workers and, with Redis, by instances): once an address has
 * AUTH_FAILURES_PER_ADDRESS of them in AUTH_FAILURE_WINDOW_SECONDS, its requests carrying an
 * Authorization header are answered 429 with Retry-After before the token is looked up, even a
 * valid token: guessing must not be told when it hits. Anonymous requests are never throttled.
 */
export async function viewerFromAuthorization(deps: AppDeps, header: string | undefined, clientAddress: string, counter?: SqlCounter): Promise<Viewer | null> {
  if (header === undefined || header === '') return null;
  const throttle = failureThrottle(deps, clientAddress);
  await throttle?.check();
  const match = /^Bearer +(\S+) *$/i.exec(header);
  if (!match) {
    await throttle?.failed();
    throw new HttpError(401, 'Authorization: expected "Bearer <token>"');
  }
  const viewer = await viewerForToken(counter ? countingDataSource(deps.dataSource, counter) : deps.dataSource, match[1]);
  if (!viewer) {
    await throttle?.failed();
    throw new HttpError(401, 'Authorization: the bearer token is malformed, unknown or revoked');
  }
  return viewer;
}

/** createApp always gives a comment runtime (its limiter); a bare AppDeps without one has no throttle. */
function failureThrottle(deps: AppDeps, clientAddress: string) {
  const limiter = deps.commentRuntime?.rateLimiter;
  if (!limiter) return null;
  const key = `auth:failures:${clientAddress}`;
  const { perAddress, windowSeconds } = deps.config.authFailureLimit;
  const rule = { limit: perAddress, windowSeconds };
  const refuse = (retryAfterSeconds: number) =>
    new HttpError(
      429,
      `Too many failed bearer-token attempts from this address: at most ${perAddress} every ${windowSeconds} seconds. Try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.`,
      { 'retry-after': String(retryAfterSeconds) },
    );
  return {
    async check() {
      const next = await limiter.peek(key, rule);
      if (!next.allowed) throw refuse(next.retryAfterSeconds);
    },
    /** Counts the failure; attempts in flight together may pass the limit, so one past it is 429 too. */
    async failed() {
      const counted = await limiter.hit(key, rule);
      if (!counted.allowed) throw refuse(counted.retryAfterSeconds);
    },
  };
}
