import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { projectRoot } from '../config';
import { HttpError } from './http-error';

/**
 * The pages built from web/ (scripts/build-web.mjs) into dist/web: the reader's pages at /, the
 * analyst's explorer at /explore, the moderator's page at /moderate. They read everything
 * through /graphql, as any client would. Paths map to the three HTML files; /assets/ holds
 * their hashed scripts and styles, served by name only (no folders: no way out of it).
 */
export const PAGES_DIR = path.join(projectRoot, 'dist', 'web');

const READER_PATH = /^\/(?:|articles\/[^/]+|people\/[^/]+|organizations\/[^/]+|places\/[^/]+)$/;
const ASSET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

function htmlFor(pathname: string): string | null {
  if (READER_PATH.test(pathname)) return 'index.html';
  if (pathname === '/explore') return 'explore.html';
  if (pathname === '/moderate') return 'moderate.html';
  return null;
}

function send(req: IncomingMessage, res: ServerResponse, file: string, type: string, cache: string): void {
  let body: Buffer;
  try {
    body = fs.readFileSync(file);
  } catch {
    // The build makes dist/web; a checkout that skipped it says so rather than 500.
    if (file.endsWith('.html')) throw new HttpError(503, 'the pages are not built: run `npm run build`');
    throw new HttpError(404, `no asset ${path.basename(file)}`);
  }
  res.writeHead(200, { 'content-type': type, 'content-length': body.length, 'cache-control': cache, 'x-content-type-options': 'nosniff' });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** Answers a page or one of its assets; false when the path is neither. */
export function servePage(req: IncomingMessage, res: ServerResponse, url: URL): boolean {
  const html = htmlFor(url.pathname);
  if (html) {
    send(req, res, path.join(PAGES_DIR, html), 'text/html; charset=utf-8', 'no-cache');
    return true;
  }
  if (!url.pathname.startsWith('/assets/')) return false;
  const name = url.pathname.slice('/assets/'.length);
  const type = CONTENT_TYPES[path.extname(name)];
  if (!ASSET_NAME.test(name) || !type) throw new HttpError(404, `no asset ${name}`);
  // Names carry a hash of their content: a new build makes new names.
  send(req, res, path.join(PAGES_DIR, 'assets', name), type, 'public, max-age=31536000, immutable');
  return true;
}
