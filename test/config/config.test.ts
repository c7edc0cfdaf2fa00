import path from 'node:path';
import { ConfigError, loadConfig, projectRoot } from '../../src/config';

function errorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('has defaults that need no setting at all', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ databaseUrl: null, host: '127.0.0.1', port: 4000, seedOnEmpty: true, commentPolicy: 'pending' });
    expect(config.dataDir).toBe(path.join(projectRoot, 'data'));
  });

  it('honours PORT, HOST, DATABASE_URL and DATA_DIR', () => {
    const config = loadConfig({ PORT: '8080', HOST: '0.0.0.0', DATABASE_URL: 'postgres://u:p@db:5432/news', DATA_DIR: '/tmp/x' });
    expect(config).toMatchObject({ port: 8080, host: '0.0.0.0', databaseUrl: 'postgres://u:p@db:5432/news', dataDir: '/tmp/x' });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT', 'got "abc"'],
    [{ PORT: '70000' }, 'PORT', 'got 70000'],
    [{ DATABASE_URL: 'nonsense' }, 'DATABASE_URL', 'expected a URL'],
    [{ DATABASE_URL: 'mysql://root@db/news' }, 'DATABASE_URL', 'scheme "mysql"'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', 'got "loud"'],
    [{ COMMENT_POLICY: 'yolo' }, 'COMMENT_POLICY', 'got "yolo"'],
    [{ REDIS_URL: 'http://x' }, 'REDIS_URL', 'redis://'],
    [{ REDIS_PREFIX: 'has space:' }, 'REDIS_PREFIX', 'without spaces'],
  ])('rejects %j naming the setting and the bad value', (env, setting, detail) => {
    const error = errorOf(env);
    expect(error.setting).toBe(setting);
    expect(error.message.startsWith(`${setting}: `)).toBe(true);
    expect(error.message).toContain(detail);
  });

  it('limits the cost of operations, by default and as configured', () => {
    expect(loadConfig({}).queryLimits).toEqual({ nodes: 100_000, depth: 32, fields: 1000, aliases: 30, tokens: 5000, variables: 1000 });
    const env = { QUERY_MAX_NODES: '500000', QUERY_MAX_DEPTH: '12', QUERY_MAX_FIELDS: '200', QUERY_MAX_ALIASES: '0', QUERY_MAX_TOKENS: '20000', QUERY_MAX_VARIABLE_VALUES: '50' };
    expect(loadConfig(env).queryLimits).toEqual({ nodes: 500_000, depth: 12, fields: 200, aliases: 0, tokens: 20_000, variables: 50 });
    expect(errorOf({ QUERY_MAX_DEPTH: '0' }).message).toBe('QUERY_MAX_DEPTH: expected a whole number from 1 to 1000, got 0');
  });

  it('reads the slow-client timeouts, the headers one no longer than the whole request', () => {
    expect(loadConfig({}).requestLimits).toMatchObject({ headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, expensiveNodes: 10_000, expensivePoolPercent: 50 });
    expect(loadConfig({ HTTP_HEADERS_TIMEOUT_MS: '2000', HTTP_REQUEST_TIMEOUT_MS: '2000' }).requestLimits).toMatchObject({ headersTimeoutMs: 2000, requestTimeoutMs: 2000 });
    expect(errorOf({ HTTP_HEADERS_TIMEOUT_MS: '5000', HTTP_REQUEST_TIMEOUT_MS: '1000' }).message).toBe('HTTP_HEADERS_TIMEOUT_MS: expected at most HTTP_REQUEST_TIMEOUT_MS (1000), got 5000');
  });

  it('reads replicas beside a primary only, each URL checked', () => {
    const env = { DATABASE_URL: 'postgres://p@db/news', DATABASE_REPLICA_URLS: 'postgres://r@replica-1/news, postgres://r@replica-2/news' };
    expect(loadConfig(env)).toMatchObject({ replicaUrls: ['postgres://r@replica-1/news', 'postgres://r@replica-2/news'], replicaMaxLagMs: 1000 });
    expect(loadConfig({}).replicaUrls).toEqual([]);
    expect(errorOf({ DATABASE_REPLICA_URLS: 'postgres://r@replica-1/news' }).setting).toBe('DATABASE_REPLICA_URLS');
    expect(errorOf({ ...env, DATABASE_REPLICA_URLS: 'postgres://r@replica-1/news,mysql://root:s3cret@x/y' }).message).not.toContain('s3cret');
  });

  it('never echoes a database password in its message', () => {
    const error = errorOf({ DATABASE_URL: 'mysql://root:s3cret@db/news' });
    expect(error.message).not.toContain('s3cret');
  });
});
