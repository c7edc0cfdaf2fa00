import os from 'node:os';
import path from 'node:path';

/**
 * Every setting the service reads, validated in one place. A bad value ends start-up
 * with one line naming the setting (ConfigError), never a stack trace.
 */
export interface Config {
  /** Null: start the embedded PostgreSQL in `dataDir`. */
  databaseUrl: string | null;
  dataDir: string;
  host: string;
  port: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Seed the demo article when the database holds no article. */
  seedOnEmpty: boolean;
  poolSize: number;
  /**
   * HTTP worker processes (a Node cluster sharing the port); 1 serves from the one process.
   * The primary runs PostgreSQL, migrations, the seed and background jobs; workers only serve.
   */
  workers: number;
  /** Initial moderation state of a new comment. */
  commentPolicy: 'pending' | 'auto-approve-known';
  /** addComment attempts allowed per client address and per email in each window. */
  commentRateLimit: { perAddress: number; perEmail: number; windowSeconds: number };
  redisUrl: string | null;
  /** Per-request SQL statement counts in the `x-sql-statements` header (benchmarks, tests). */
  exposeSqlCount: boolean;
  shutdownGraceMs: number;
}

export class ConfigError extends Error {
  constructor(readonly setting: string, message: string) {
    super(`${setting}: ${message}`);
    this.name = 'ConfigError';
  }
}

export const projectRoot = path.resolve(__dirname, '..', '..', __dirname.includes(`${path.sep}dist${path.sep}`) ? '..' : '.');

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `expected a whole number from ${min} to ${max}, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `expected a whole number from ${min} to ${max}, got ${value}`);
  return value;
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new ConfigError(name, `expected one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  return oneOf(env, name, ['true', 'false', '1', '0'] as const, fallback ? 'true' : 'false').match(/^(true|1)$/) !== null;
}

/** Checks the URL's shape without echoing credentials back. */
function databaseUrl(env: NodeJS.ProcessEnv, name: string): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, 'expected a URL such as postgres://user:password@host:5432/database');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(name, `expected a postgres:// or postgresql:// URL, got the scheme "${url.protocol.replace(/:$/, '')}"`);
  }
  if (!url.hostname && !url.searchParams.get('host')) throw new ConfigError(name, 'the URL names no host');
  return raw;
}

function redisUrl(env: NodeJS.ProcessEnv): string | null {
  const raw = env.REDIS_URL;
  if (!raw) return null;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new Error();
  } catch {
    throw new ConfigError('REDIS_URL', 'expected a redis:// URL such as redis://127.0.0.1:6379');
  }
  return raw;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const host = env.HOST || '127.0.0.1';
  if (!/^[A-Za-z0-9.:\-[\]]+$/.test(host)) throw new ConfigError('HOST', `expected a host name or address, got "${host}"`);
  return {
    databaseUrl: databaseUrl(env, 'DATABASE_URL'),
    dataDir: path.resolve(projectRoot, env.DATA_DIR || 'data'),
    host,
    port: integer(env, 'PORT', 4000, 0, 65535),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    seedOnEmpty: bool(env, 'SEED_ON_EMPTY', true),
    poolSize: integer(env, 'DB_POOL_SIZE', 10, 1, 200),
    workers: integer(env, 'WORKERS', os.availableParallelism(), 1, 64),
    commentPolicy: oneOf(env, 'COMMENT_POLICY', ['pending', 'auto-approve-known'] as const, 'pending'),
    commentRateLimit: {
      perAddress: integer(env, 'COMMENT_RATE_PER_ADDRESS', 5, 1, 100000),
      perEmail: integer(env, 'COMMENT_RATE_PER_EMAIL', 5, 1, 100000),
      windowSeconds: integer(env, 'COMMENT_RATE_WINDOW_SECONDS', 60, 1, 86400),
    },
    redisUrl: redisUrl(env),
    exposeSqlCount: bool(env, 'EXPOSE_SQL_COUNT', false),
    shutdownGraceMs: integer(env, 'SHUTDOWN_GRACE_MS', 10000, 0, 600000),
  };
}
