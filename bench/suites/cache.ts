import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../src/config';
import type { BenchContext, BenchRow, BenchSuite } from '../context';
import { benchRequire } from '../deps';
import { NGINX, startCachingProxy } from '../nginx';
import { startService } from '../service';

const autocannon = (options: object) => (benchRequire('autocannon') as (options: object) => Promise<any>)(options);
const FRONT_PAGE = fs.readFileSync(path.join(projectRoot, 'operations', 'front-page.graphql'), 'utf8');

/** The front page as a browser or CDN asks for it: one GET URL, compressed answers accepted. */
const FRONT_PAGE_PATH = `/graphql?${new URLSearchParams({ query: FRONT_PAGE, variables: JSON.stringify({ first: 20 }) })}`;
const HEADERS = { 'accept-encoding': 'gzip, br' };

async function load(ctx: BenchContext, operation: string, base: string, seconds: number): Promise<BenchRow> {
  const fire = (duration: number) => autocannon({ url: base, connections: ctx.connections, duration, requests: [{ method: 'GET', path: FRONT_PAGE_PATH, headers: HEADERS }] });
  if (ctx.warmupSeconds > 0) await fire(ctx.warmupSeconds);
  ctx.log(`${operation}: ${seconds} s at ${ctx.connections} connections`);
  const result = await fire(seconds);
  const failures = result.errors + result.timeouts + result.non2xx;
  return { operation, requestsPerSecond: result.requests.average, p50Ms: result.latency.p50, p99Ms: result.latency.p99, sqlPerRequest: null, peakRssMb: ctx.service.rssBytes() / 1024 / 1024, failures };
}

/**
 * Issue 20: the anonymous front page by GET, uncached (every request runs), through a real
 * nginx caching proxy (Debian's, configured as docs/caching.md says), and from the Redis
 * response cache (a second service with RESPONSE_CACHE=true, when REDIS_URL is set), in one run.
 */
export const cacheSuite: BenchSuite = {
  name: 'cache',
  onlyWhenNamed: true,
  async run(ctx) {
    const rows: BenchRow[] = [];
    const notes: string[] = [];
    const check = await fetch(`${ctx.service.url}${FRONT_PAGE_PATH}`);
    if (!check.ok || !(check.headers.get('cache-control') ?? '').startsWith('public')) throw new Error(`cache: the front page by GET answered ${check.status}, ${check.headers.get('cache-control')}`);

    rows.push(await load(ctx, 'front page GET, uncached', ctx.service.url, ctx.durationSeconds));
    if (NGINX) {
      const proxy = await startCachingProxy(ctx.service.url);
      try {
        rows.push(await load(ctx, 'front page GET, through nginx cache', proxy.url, ctx.durationSeconds));
      } finally {
        await proxy.stop();
      }
      notes.push(`through the nginx cache: ${(rows[1].requestsPerSecond / rows[0].requestsPerSecond).toFixed(1)}x the uncached req/s`);
    } else notes.push('no nginx on this machine: the proxy row is missing (apt-get install nginx-light)');

    const redisUrl = process.env.REDIS_URL;
    if (redisUrl) {
      const cached = await startService(ctx.databaseUrl, { REDIS_URL: redisUrl, RESPONSE_CACHE: 'true', REDIS_PREFIX: `entity-news-bench-${process.pid}:`, WORKERS: process.env.WORKERS ?? '' });
      try {
        rows.push(await load(ctx, 'front page GET, Redis response cache', cached.url, ctx.durationSeconds));
      } finally {
        await cached.stop();
      }
    } else notes.push('REDIS_URL not set: the Redis response cache row is missing');
    return { rows, notes };
  },
};
