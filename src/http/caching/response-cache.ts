import Redis from 'ioredis';
import { closeRedis, requestRedisOptions } from '../../services/redis-client';
import { responseCacheKeys } from '../../services/purge';
import { sha256 } from './persisted';
import type { SentBody } from './send';

/** An answer as kept: what `send` needs to answer it again. */
export interface CachedAnswer {
  contentType: string;
  cacheControl: string;
  surrogateKeys: string;
  body: Buffer;
  /** The validator and the compressed body sent with the first answer: a hit computes neither again. */
  sent: SentBody;
}

/**
 * The optional shared response cache (RESPONSE_CACHE=true, docs/caching.md): anonymous GETs of
 * public answers, in Redis, keyed by the operation (its hash), its name and its variables, kept
 * for their `s-maxage`. Each surrogate key names the set of entries that carry it; the purge
 * hook (src/services/purge, purgeResponseCache) deletes those entries before the write answers,
 * in whichever process wrote. A writer's own reads bypass it for READ_YOUR_WRITES_SECONDS.
 * Redis failing is a miss, never an error.
 */
export class ResponseCache {
  private readonly redis: Redis;

  constructor(url: string, private readonly prefix: string, timeoutMs: number) {
    this.redis = new Redis(url, { ...requestRedisOptions(timeoutMs), enableOfflineQueue: true });
    this.redis.on('error', () => {}); // a failing Redis is a miss
  }

  /** The entry's key for a GET's query string: operation hash (given or computed), name, variables (keys in order). */
  keyOf(search: URLSearchParams): string | null {
    const query = search.get('query');
    let hash: string | null = query ? sha256(query) : null;
    if (!hash) {
      try {
        hash = JSON.parse(search.get('extensions') ?? '{}')?.persistedQuery?.sha256Hash ?? null;
      } catch {
        return null;
      }
    }
    if (typeof hash !== 'string') return null;
    let variables: unknown;
    try {
      variables = JSON.parse(search.get('variables') ?? 'null');
    } catch {
      return null;
    }
    return `${this.prefix}rc:${sha256(JSON.stringify([hash, search.get('operationName') ?? '', canonical(variables)]))}`;
  }

  async wroteRecently(reader: string): Promise<boolean> {
    return (await this.redis.exists(responseCacheKeys.writer(this.prefix, reader)).catch(() => 0)) > 0;
  }

  async get(key: string): Promise<CachedAnswer | null> {
    const raw = await this.redis.getBuffer(key).catch(() => null);
    if (!raw) return null;
    // [head length][head JSON][body][encoded body]: one Redis value, one round trip.
    const headLength = raw.readUInt32BE(0);
    const head = JSON.parse(raw.subarray(4, 4 + headLength).toString('utf8')) as Omit<CachedAnswer, 'body' | 'sent'> & { bodyLength: number; etag?: string; encoding?: 'br' | 'gzip' };
    const bodyEnd = 4 + headLength + head.bodyLength;
    const { bodyLength: _, etag, encoding, ...headers } = head;
    return { ...headers, body: raw.subarray(4 + headLength, bodyEnd), sent: { etag, encoding, ...(encoding && { encoded: raw.subarray(bodyEnd) }) } };
  }

  async set(key: string, answer: CachedAnswer, ttlSeconds: number): Promise<void> {
    if (ttlSeconds <= 0) return;
    const { body, sent, ...headers } = answer;
    const head = Buffer.from(JSON.stringify({ ...headers, bodyLength: body.length, etag: sent.etag, encoding: sent.encoded ? sent.encoding : undefined }), 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(head.length);
    const multi = this.redis.multi().set(key, Buffer.concat([length, head, body, ...(sent.encoded ? [sent.encoded] : [])]), 'EX', ttlSeconds);
    for (const tag of answer.surrogateKeys.split(' ').filter(Boolean)) {
      const set = responseCacheKeys.tag(this.prefix, tag);
      // The tag set lives as long as its longest-lived entry.
      multi.sadd(set, key).expire(set, ttlSeconds, 'GT').expire(set, ttlSeconds, 'NX');
    }
    await multi.exec().catch(() => undefined);
  }

  async close(): Promise<void> {
    await closeRedis(this.redis);
  }
}

/** The same variables in any key order (or spacing) give one entry. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
}
