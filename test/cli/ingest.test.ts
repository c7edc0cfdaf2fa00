import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { runIngest } from '../../src/cli/ingest';
import { createTestDatabase, type TestDatabase } from '../support/database';

let db: TestDatabase;
let dir: string;

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void) {
    this.text += chunk.toString('utf8');
    done();
  }
}

async function ingest(...args: string[]) {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runIngest(args, { env: { DATABASE_URL: db.url }, stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

const q = (sql: string, params: unknown[] = []) => db.dataSource.query(sql, params);
const line = (o: unknown) => JSON.stringify(o);

beforeAll(async () => {
  db = await createTestDatabase({ seed: true });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ingest-cli-'));
  fs.writeFileSync(path.join(dir, 'a-page.txt'), 'Hammouchi à Bruxelles\n\n0\n\n- Advertisement -\n\nAbdellatif Hammouchi a rencontré la Police fédérale belge.\n\nPartager\n');
  fs.writeFileSync(path.join(dir, 'b-furniture-only.txt'), 'Un titre\n\n- Advertisement -\n\n12\n\nLaisser un commentaire\n');
  fs.writeFileSync(path.join(dir, 'c-binary.txt'), Buffer.from([0x48, 0x69, 0xff, 0xfe, 0x00, 0xc3]));
  fs.writeFileSync(path.join(dir, 'notes.md'), '# not an article');
  fs.mkdirSync(path.join(dir, 'feed'));
  fs.writeFileSync(path.join(dir, 'feed', 'day.jsonl'), [
    line({ title: 'La DGSN et la Belgique', body: 'La DGSN coopère avec la Belgique et l’Europe.', url: 'https://ex.example/1', publishedAt: '2024-12-01T10:00:00Z', language: 'fr', source: 'Ex' }),
    '{"title": "broken", "body": ',
    line({ title: 'Sans corps' }),
    '',
    line({ title: 'Mauvaise URL', body: 'Un texte.', url: 'not a url' }),
    line({ title: 'Snoek à Rabat', body: 'Eric Snoek est à Rabat avec le ministre Tarik Ouazzani.', url: 'https://ex.example/2', publishedAt: 'yesterday' }),
    line({ title: 'Snoek au Maroc', body: 'Eric Snoek est au Maroc.', url: 'https://ex.example/3', source: 'Ex' }),
    line({ title: 'Hammouchi à Bruxelles', body: 'Abdellatif Hammouchi a rencontré la Police fédérale belge.' }),
  ].join('\n'));
});
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await db.drop();
});

describe('npm run ingest', () => {
  it('ingests a folder of good and broken files: every good record stored, every bad one reported, nothing half-written', async () => {
    const { code, stdout, stderr } = await ingest(dir);
    expect(code).toBe(1);
    expect(stderr).toContain('records queued');
    expect(stdout).toMatch(/^ingest job \S+ finished in [\d.]+ s: 3 created, 0 updated, 1 unchanged, 6 failed, 1 skipped/);
    const failed = stdout.split('\n').filter((l) => l.startsWith('  failed ')).map((l) => l.replace(dir + path.sep, ''));
    expect(failed.sort()).toEqual([
      '  failed b-furniture-only.txt: body: no article text is left once the title and page furniture are removed',
      '  failed c-binary.txt: not UTF-8 text',
      `  failed feed${path.sep}day.jsonl:2: not a JSON object: the line does not parse as JSON`,
      `  failed feed${path.sep}day.jsonl:3: body: expected the article text as a string, got nothing`,
      `  failed feed${path.sep}day.jsonl:5: url: expected an absolute http(s) URL of at most 2000 characters, got "not a url"`,
      `  failed feed${path.sep}day.jsonl:6: publishedAt: expected an ISO-8601 instant`,
    ]);
    const articles = await q(`SELECT title, url, language, (SELECT name FROM source s WHERE s.id = a.source_id) AS source,
      (SELECT string_agg(m.text, '|' ORDER BY m.start) FROM mention m WHERE m.article_id = a.id AND m.field = 'body') AS mentions,
      (SELECT string_agg(m.text, '|' ORDER BY m.start) FROM mention m WHERE m.article_id = a.id AND m.field = 'title') AS "titleMentions"
      FROM article a WHERE title NOT LIKE 'Renforcement%' ORDER BY title`);
    expect(articles).toEqual([
      { title: 'Hammouchi à Bruxelles', url: null, language: 'fr', source: null, mentions: 'Abdellatif Hammouchi|Police fédérale belge', titleMentions: 'Hammouchi' },
      { title: 'La DGSN et la Belgique', url: 'https://ex.example/1', language: 'fr', source: 'Ex', mentions: 'DGSN|Belgique|Europe', titleMentions: 'DGSN|Belgique' },
      { title: 'Snoek au Maroc', url: 'https://ex.example/3', language: 'fr', source: 'Ex', mentions: 'Eric Snoek|Maroc', titleMentions: 'Snoek|Maroc' },
    ]);
    const [job] = await q(`SELECT kind, state, done, total, created, unchanged, failed FROM background_job ORDER BY id DESC LIMIT 1`);
    expect(job).toEqual({ kind: 'ingest', state: 'done', done: 10, total: 10, created: 3, unchanged: 1, failed: 6 });
  });

  it('changes nothing when the same files come again, and updates an article whose URL comes with edited text', async () => {
    const before = await q(`SELECT (SELECT count(*) FROM article)::int AS articles, (SELECT count(*) FROM mention)::int AS mentions`);
    const again = await ingest(dir);
    expect(again.stdout).toMatch(/: 0 created, 0 updated, 4 unchanged, 6 failed/);
    expect(await q(`SELECT (SELECT count(*) FROM article)::int AS articles, (SELECT count(*) FROM mention)::int AS mentions`)).toEqual(before);

    const edited = path.join(dir, 'edited.jsonl');
    fs.writeFileSync(edited, line({ title: 'Snoek au Maroc', body: 'Eric Snoek est au Maroc, puis en Belgique.', url: 'https://ex.example/3' }));
    const update = await ingest(edited);
    expect(update.code).toBe(0);
    expect(update.stdout).toMatch(/: 0 created, 1 updated, 0 unchanged, 0 failed\n$/);
    const [row] = await q(`SELECT (SELECT string_agg(m.text, '|' ORDER BY m.start) FROM mention m WHERE m.article_id = a.id AND m.field = 'body') AS mentions
      FROM article a WHERE url = 'https://ex.example/3'`);
    expect(row.mentions).toBe('Eric Snoek|Maroc|Belgique');
  });

  it('answers bad usage with exit code 2 and the usage line', async () => {
    const none = await ingest();
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('usage: ingest');
    const bad = await ingest('--concurrency', 'many', dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--concurrency: expected a whole number from 1 to 32, got "many"');
  });

  it('reports a named path that does not exist, or is not a .txt or .jsonl file', async () => {
    const res = await ingest(path.join(dir, 'missing.txt'), path.join(dir, 'notes.md'));
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('missing.txt: no such file or folder');
    expect(res.stdout).toContain('notes.md: not a .txt or .jsonl file');
  });
});
