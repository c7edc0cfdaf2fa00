import fs from 'node:fs';
import http from 'node:http';
import { ADD_COMMENT, insertArticle, uniqueEmail } from '../support/comments';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { isAlive, startServiceProcess } from '../support/service-process';

/** The processes a process started (a cluster primary's workers). */
function childrenOf(pid: number): number[] {
  return fs
    .readdirSync(`/proc/${pid}/task`)
    .flatMap((task) => fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(' '))
    .filter(Boolean)
    .map(Number);
}

/** A POST on a connection of its own, so the cluster hands each request to the next worker. */
function postOnNewConnection(base: string, query: string, variables: object): Promise<{ status: number; body: any }> {
  const url = new URL('/graphql', base);
  const payload = JSON.stringify({ query, variables });
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe('cluster mode (WORKERS=2)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ seed: true });
  });
  afterAll(() => db.drop());

  it('serves from two workers with one rate limit between them, and SIGTERM stops every worker with exit 0', async () => {
    const service = startServiceProcess({ DATABASE_URL: db.url, WORKERS: '2', COMMENT_RATE_PER_ADDRESS: '3', COMMENT_RATE_PER_EMAIL: '1000' });
    const base = await service.ready;
    const workers = childrenOf(service.child.pid!);
    expect(workers).toHaveLength(2);

    const answers = await Promise.all(Array.from({ length: 8 }, () => postOnNewConnection(base, '{ articles { totalCount } }', {})));
    for (const answer of answers) expect(answer).toEqual({ status: 200, body: { data: { articles: { totalCount: 1 } } } });

    // Connections alternate between the workers: with a limit per worker, the 4th comment
    // from this address would pass; the primary holds the one limit for both.
    const article = await insertArticle(db.dataSource);
    const comment = (n: number) =>
      postOnNewConnection(base, ADD_COMMENT, { input: { articleId: article.globalId, authorName: `Reader ${n}`, email: uniqueEmail(), body: `Comment ${n}` } });
    const results = [];
    for (let n = 1; n <= 4; n++) results.push((await comment(n)).body.data.addComment);
    expect(results.slice(0, 3).map((r) => r.userErrors)).toEqual([[], [], []]);
    expect(results[3].userErrors).toMatchObject([{ code: 'RATE_LIMITED' }]);

    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    for (const pid of workers) expect(isAlive(pid)).toBe(false);
  });
});
