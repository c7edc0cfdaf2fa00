import { loadConfig } from '../../src/config';
import { runTokenCommand, UsageError } from '../../src/cli/token';
import { openDatabase } from '../../src/db/open';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestServer, type TestServer } from '../support/server';

/** The token CLI's commands, run in-process on the database DATABASE_URL names. */
let db: TestDatabase;
let server: TestServer;
beforeAll(async () => {
  db = await createTestDatabase();
  server = await startTestServer({ db });
});
afterAll(async () => {
  await server.close();
  await db.drop();
});

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const opened = await openDatabase(loadConfig({ DATABASE_URL: db.url }));
  try {
    const code = await runTokenCommand(args, opened.dataSource, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err };
  } finally {
    await opened.close();
  }
}

describe('npm run token', () => {
  it('creates a token shown once, which then authenticates over HTTP; list shows it without the token; revoke ends it', async () => {
    const created = await run(['create', '--role', 'moderator', '--name', 'cli-mod']);
    expect(created.code).toBe(0);
    expect(created.out).toHaveLength(1);
    const token = created.out[0];
    expect(token).toMatch(/^enk_/);
    expect(created.err.join('\n')).toContain('"cli-mod" with the role MODERATOR');
    expect(created.err.join('\n')).not.toContain(token);

    const viewer = await server.gql(`{ viewer { name role } }`, {}, { authorization: `Bearer ${token}` });
    expect(viewer.data.viewer).toEqual({ name: 'cli-mod', role: 'MODERATOR' });

    const listed = await run(['list']);
    expect(listed.out[0]).toBe('id\tname\trole\tcreated\trevoked');
    expect(listed.out.find((l) => l.includes('cli-mod'))).toMatch(/\tcli-mod\tMODERATOR\t\d{4}-.*\t-$/);
    expect(listed.out.join('\n')).not.toContain(token);

    const revoked = await run(['revoke', '--name', 'cli-mod']);
    expect(revoked.code).toBe(0);
    expect((await server.gql(`{ viewer { name } }`, {}, { authorization: `Bearer ${token}` })).status).toBe(401);
    expect((await run(['list'])).out.find((l) => l.includes('cli-mod'))).not.toMatch(/\t-$/);
    expect((await run(['revoke', 'cli-mod'])).code).toBe(1);
  });

  it('accepts --flag=value and revokes by id', async () => {
    const created = await run(['create', '--role=ADMIN', '--name=cli-admin']);
    expect(created.code).toBe(0);
    const [row] = await db.dataSource.query(`SELECT id FROM api_token WHERE name = 'cli-admin'`);
    expect((await run(['revoke', String(row.id)])).code).toBe(0);
  });

  it.each([
    [['create', '--name', 'x'], 'create needs --role and --name'],
    [['create', '--role'], '--role needs a value'],
    [['frobnicate'], 'unknown command "frobnicate"'],
    [[], 'no command given'],
  ])('refuses %j with a usage error', async (args, message) => {
    await expect(run(args)).rejects.toThrow(new UsageError(message));
  });

  it('refuses an unknown role and a bad name', async () => {
    await expect(run(['create', '--role', 'root', '--name', 'x'])).rejects.toThrow('role: expected one of editor, moderator, admin, got "root"');
    await expect(run(['create', '--role', 'editor', '--name', '<script>'])).rejects.toThrow('name: 1 to 64 letters');
  });
});
