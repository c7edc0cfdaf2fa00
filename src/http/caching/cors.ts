import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from '../http-error';
import { vary } from './send';

/** How long a browser may reuse a preflight's answer (Chromium keeps it at most 2 hours). */
export const PREFLIGHT_MAX_AGE_SECONDS = 600;

/** Headers a browser page may send: a token only to allowlisted origins (with `*`, reads stay anonymous). */
const ANONYMOUS_HEADERS = ['content-type', 'apollo-require-preflight', 'x-apollo-operation-name', 'x-request-id'];
const EXPOSED_HEADERS = 'etag, x-request-id, retry-after';

/**
 * The CORS policy of CORS_ORIGINS (docs/caching.md, "Browsers on other origins"). `*`: any
 * page may read, anonymously (no `Authorization` allowed, no credentials); an allowlist: those
 * origins, with their bearer token. Never cookies: the service reads none.
 */
export class CorsPolicy {
  constructor(private readonly origins: '*' | readonly string[]) {}

  private allowed(origin: string | undefined): boolean {
    if (!origin) return false;
    return this.origins === '*' || this.origins.includes(origin);
  }

  /** The CORS headers of an actual (non-preflight) response to a page on another origin. */
  decorate(req: IncomingMessage, res: ServerResponse): void {
    if (this.origins !== '*') vary(res, 'Origin');
    const origin = req.headers.origin;
    if (!this.allowed(origin)) return;
    res.setHeader('access-control-allow-origin', this.origins === '*' ? '*' : origin!);
    res.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
  }

  /**
   * Answers a preflight (`OPTIONS` with `Access-Control-Request-Method`) on /graphql: 204 with
   * what the origin may send, cached by the browser for PREFLIGHT_MAX_AGE_SECONDS; 403 for an
   * origin not allowed.
   */
  preflight(req: IncomingMessage, res: ServerResponse): void {
    const origin = req.headers.origin;
    if (!req.headers['access-control-request-method']) throw new HttpError(405, 'OPTIONS is answered only as a CORS preflight');
    if (this.origins !== '*') vary(res, 'Origin');
    if (!this.allowed(origin)) throw new HttpError(403, `the origin ${String(origin ?? 'none').slice(0, 200)} may not call this API from a browser (CORS_ORIGINS)`);
    const headers = this.origins === '*' ? ANONYMOUS_HEADERS : [...ANONYMOUS_HEADERS, 'authorization'];
    res.writeHead(204, {
      'access-control-allow-origin': this.origins === '*' ? '*' : origin!,
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': headers.join(', '),
      'access-control-max-age': String(PREFLIGHT_MAX_AGE_SECONDS),
      'cache-control': `public, max-age=${PREFLIGHT_MAX_AGE_SECONDS}`,
    });
    res.end();
  }
}
