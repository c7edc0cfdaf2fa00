import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Bodies smaller than this go uncompressed: the headers would cost more than the bytes saved. */
const MIN_COMPRESSED_BYTES = 1024;
/** Brotli's quality 4 compresses a front page about as well as gzip -9, at a fraction of its CPU. */
const BROTLI_QUALITY = 4;

/** A weak validator of the uncompressed body: the same answer, whatever its encoding, matches. */
export function etagOf(body: Buffer): string {
  return `W/"${createHash('sha1').update(body).digest('base64url')}"`;
}

/** Whether `If-None-Match` names `etag` (or `*`). */
export function notModified(req: IncomingMessage, etag: string): boolean {
  const given = req.headers['if-none-match'];
  if (!given) return false;
  const bare = etag.replace(/^W\//, '');
  return given.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === bare;
  });
}

/** The encoding the client accepts that we prefer: brotli, then gzip; null for neither (or `q=0`). */
export function chosenEncoding(req: IncomingMessage): 'br' | 'gzip' | null {
  const header = String(req.headers['accept-encoding'] ?? '');
  const accepted = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name, q ? Number(q.slice(2)) || 0 : 1);
  }
  if ((accepted.get('br') ?? 0) > 0) return 'br';
  if ((accepted.get('gzip') ?? 0) > 0) return 'gzip';
  return null;
}

export function compress(body: Buffer, encoding: 'br' | 'gzip'): Buffer {
  return encoding === 'br' ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }) : gzipSync(body, { level: 6 });
}

/** Adds `names` to the response's Vary header, each once. */
export function vary(res: ServerResponse, ...names: string[]): void {
  const current = String(res.getHeader('vary') ?? '').split(',').map((v) => v.trim()).filter(Boolean);
  for (const name of names) if (!current.some((c) => c.toLowerCase() === name.toLowerCase())) current.push(name);
  res.setHeader('vary', current.join(', '));
}

/** What sendBody computed, so a cache can keep it and not compute it again. */
export interface SentBody {
  etag?: string;
  encoding?: 'br' | 'gzip';
  /** The body in `encoding`, when it was compressed. */
  encoded?: Buffer;
}

/**
 * Sends a GraphQL answer's bytes: a validator (`ETag`) on successful GETs, answered
 * `304 Not Modified` when the client already holds it, and the body compressed when the client
 * accepts brotli or gzip (`Vary: Accept-Encoding` either way, so caches keep each encoding apart).
 * `known`: what an earlier send of the same body computed (the response cache keeps it).
 */
export function sendBody(req: IncomingMessage, res: ServerResponse, body: Buffer, known: SentBody = {}): SentBody {
  vary(res, 'Accept-Encoding');
  const sent: SentBody = {};
  const method = req.method ?? 'GET';
  if ((method === 'GET' || method === 'HEAD') && res.statusCode === 200) {
    const etag = (sent.etag = known.etag ?? etagOf(body));
    res.setHeader('etag', etag);
    if (notModified(req, etag)) {
      res.statusCode = 304;
      res.removeHeader('content-type');
      res.end();
      return sent;
    }
  }
  const encoding = body.length >= MIN_COMPRESSED_BYTES ? chosenEncoding(req) : null;
  let bytes = body;
  if (encoding) {
    bytes = known.encoding === encoding && known.encoded ? known.encoded : compress(body, encoding);
    res.setHeader('content-encoding', encoding);
    Object.assign(sent, { encoding, encoded: bytes });
  }
  res.setHeader('content-length', bytes.length);
  res.end(method === 'HEAD' ? undefined : bytes);
  return sent;
}
