import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/database';

jest.setTimeout(120_000);

const root = path.resolve(__dirname, '..', '..');
const cli = (name: string) => path.join(root, 'dist', 'src', 'cli', `${name}.js`);
const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' };

function run(command: string, args: string[], extraEnv: Record<string, string> = {}, cwd = root) {
  const result = spawnSync(command, args, { cwd, env: { ...env, ...extraEnv }, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the commands answer --help and usage mistakes before touching a database', () => {
  // DATABASE_URL points nowhere: a command that reached for the database would fail otherwise.
  const nowhere = { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' };

  it.each(['start', 'token', 'ingest', 'seed-synthetic'])('%s --help prints its usage on stdout and exits 0', (name) => {
    const result = run(process.execPath, [cli(name), '--help'], nowhere);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^usage:\s/);
  });

  it.each([
    ['token', ['frobnicate'], /^token: unknown command "frobnicate"\nusage:/],
    ['token', ['create', '--role', 'root', '--name', 'x'], /^token: --role: expected one of editor, moderator, admin, got "root"/],
    ['ingest', [], /^ingest: no files or folders given\nusage:/],
    ['seed-synthetic', ['--articles', 'many'], /^seed-synthetic: --articles: expected a whole number/],
    ['start', ['extra'], /^entity-news: unexpected argument "extra"/],
  ])('%s %j is a usage error: exit 2, stderr only', (name, args, message) => {
    const result = run(process.execPath, [cli(name), ...args], nowhere);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toMatch(message);
  });

  it.each(['token', 'ingest', 'seed-synthetic'])('%s with a bad setting names it, exit 2', (name) => {
    const args = { token: ['list'], ingest: ['seed'], 'seed-synthetic': ['--articles', '1'] }[name]!;
    const result = run(process.execPath, [cli(name), ...args], { PORT: 'abc' });
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toMatch(new RegExp(`^${name}: invalid configuration: PORT: expected a whole number`));
  });
});

describe('npm run token --silent', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('prints the created token alone on stdout, so $(...) captures exactly it', () => {
    const result = run('npm', ['run', 'token', '--silent', '--', 'create', '--role', 'editor', '--name', 'captured'], { DATABASE_URL: db.url });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^enk_[A-Za-z0-9_-]{43}\n$/);
    expect(result.stderr).toContain('Created token');
  });
});

describe('scripts/build.mjs', () => {
  // A project of its own: the build and codegen scripts, the tsconfigs, a one-type schema with
  // its generated types, and one source file.
  let dir: string;
  const build = () => run(process.execPath, ['scripts/build.mjs'], {}, dir);
  const out = (rel: string) => path.join(dir, 'dist', rel);
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entity-news-build-'));
    for (const file of ['scripts/build.mjs', 'scripts/codegen.mjs', 'tsconfig.json']) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.copyFileSync(path.join(root, file), path.join(dir, file));
    }
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    };
    write('tsconfig.build.json', JSON.stringify({ extends: './tsconfig.json', include: ['src'] }));
    write('schema.graphql', 'type Query { hello: String }\n');
    write('codegen.config.cjs', `module.exports = { target: 'src/generated/graphql.ts', schema: 'schema.graphql', generates: { 'src/generated/graphql.ts': { plugins: ['typescript'], config: {} } } };\n`);
    write('src/a.ts', 'export const a: number = 1;\n');
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
    expect(run(process.execPath, ['scripts/codegen.mjs'], {}, dir).code).toBe(0);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('compiles everything the first time, then nothing while nothing changed, saying so on stderr only', () => {
    const first = build();
    expect(first).toMatchObject({ code: 0, stdout: '' });
    expect(first.stderr).toMatch(/^build: 2 of 2 files compiled/);
    expect(fs.readFileSync(out('src/a.js'), 'utf8')).toContain('exports.a = 1;');
    const builtAt = fs.statSync(out('src/a.js')).mtimeMs;
    expect(build()).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(fs.statSync(out('src/a.js')).mtimeMs).toBe(builtAt);
  });

  it('compiles only a changed file, and removes the output of a deleted one', () => {
    fs.writeFileSync(path.join(dir, 'src', 'a.ts'), 'export const a: number = 2;\n');
    fs.writeFileSync(path.join(dir, 'src', 'b.ts'), 'export const b = 3;\n');
    expect(build().stderr).toMatch(/^build: 2 of 3 files compiled/);
    expect(fs.readFileSync(out('src/a.js'), 'utf8')).toContain('exports.a = 2;');
    fs.rmSync(path.join(dir, 'src', 'b.ts'));
    expect(build().stderr).toMatch(/^build: 0 of 2 files compiled, 1 removed/);
    expect(fs.existsSync(out('src/b.js'))).toBe(false);
  });

  it('fails while the resolver types are stale after a schema change', () => {
    fs.appendFileSync(path.join(dir, 'schema.graphql'), '\nextend type Query { addedWithoutCodegen: Int }\n');
    const result = build();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('src/generated/graphql.ts is stale');
  });
});
