import { loadConfig } from '../../src/config';
import { createDataSource, migrate } from '../../src/db/data-source';
import { replicaRouterOf } from '../../src/db/replicas';
import { CONSISTENCY_HEADER } from '../../src/http/read-routing';
import { seedDemoData } from '../../src/services/seed';
import { insertArticle, MODERATE_COMMENT, postComment } from '../support/comments';
import { eventually } from '../support/database-activity';
import { replicaClusterUnavailable, startReplicaCluster, type ReplicaCluster } from '../support/replica-cluster';
import { startTestServer, type TestServer } from '../support/server';
import { createTestToken } from '../support/tokens';

/**
 * Issue 22: DATABASE_REPLICA_URLS on a real streaming replica (a PostgreSQL 15 primary and a
 * replica made from it with pg_basebackup, test/support/replica-cluster.ts). Which server
 * answered is seen in the data: while the replica's replay is paused, a row written on the
 * primary is missing from the replica's answers.
 */

const unavailable = replicaClusterUnavailable();
if (unavailable) console.warn(unavailable);
const describeWithReplica = unavailable ? describe.skip : describe;

const MAX_LAG_MS = 3000;
const TITLE = 'query ($slug: String!) { article(slug: $slug) { title commentCount } }';

describeWithReplica('reads on a streaming replica', () => {
  let cluster: ReplicaCluster;
  let server: TestServer;
  beforeAll(async () => {
    cluster = await startReplicaCluster();
    const env = { DATABASE_URL: cluster.primaryUrl, DATABASE_REPLICA_URLS: cluster.replicaUrl, REPLICA_MAX_LAG_MS: String(MAX_LAG_MS), COMMENT_POLICY: 'pending' };
    const config = loadConfig({ ...env, LOG_LEVEL: 'info' });
    const dataSource = createDataSource({ url: cluster.primaryUrl, poolSize: 4, limits: config.requestLimits, replicas: { urls: config.replicaUrls, maxLagMs: config.replicaMaxLagMs } });
    await dataSource.initialize();
    await migrate(dataSource);
    await seedDemoData(dataSource);
    const db = { name: 'news', url: cluster.primaryUrl, dataSource, drop: async () => void (dataSource.isInitialized && (await dataSource.destroy())) };
    server = await startTestServer({ db, env });
    await cluster.caughtUp();
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await server?.db.drop();
    await cluster?.close();
  });

  const titleOf = async (slug: string, headers: Record<string, string> = {}) => {
    const res = await server.gql(TITLE, { slug }, headers);
    expect(res.errors).toBeUndefined();
    return res.data.article as { title: string; commentCount: number } | null;
  };

  it('reads from the replica while it keeps up, from the primary once it lags past REPLICA_MAX_LAG_MS', async () => {
    await cluster.pauseReplay();
    try {
      const article = await insertArticle(server.db.dataSource, 'Written while the replica waits');
      // The replica answers: it has not replayed the new row.
      expect(await titleOf(article.slug)).toBeNull();
      // Past the bound the replica is skipped: the primary answers with the row.
      const started = Date.now();
      await eventually(async () => (await titleOf(article.slug)) !== null, 'the lagging replica is skipped', 100, 100);
      expect(Date.now() - started).toBeGreaterThanOrEqual(MAX_LAG_MS / 2);
    } finally {
      await cluster.resumeReplay();
    }
    await cluster.caughtUp();
  });

  it('reads a client\'s own write when it sends back the consistency token of its mutation', async () => {
    const moderator = await createTestToken(server.db.dataSource, 'moderator');
    const article = await insertArticle(server.db.dataSource, 'Commented');
    const posted = await postComment(server, { articleId: article.globalId });
    await cluster.caughtUp();
    await cluster.pauseReplay();
    try {
      // The router has seen the replica caught up (it checks every REPLICA_MAX_LAG_MS / 4).
      await eventually(() => replicaRouterOf(server.db.dataSource)!.states()[0].lagMs === 0, 'the router sees the replica caught up', 100, 100);
      const approved = await server.gql(MODERATE_COMMENT, { id: posted.comment!.id, action: 'APPROVE' }, moderator.headers);
      expect(approved.data.moderateComment.comment.status).toBe('APPROVED');
      const token = approved.headers.get(CONSISTENCY_HEADER);
      expect(token).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
      // Without the token, the replica's answer (replay paused: not yet approved there) ...
      expect((await titleOf(article.slug))!.commentCount).toBe(0);
      // ... with it, a server that has the write: the primary, the replica being behind it.
      expect((await titleOf(article.slug, { [CONSISTENCY_HEADER]: token! }))!.commentCount).toBe(1);
    } finally {
      await cluster.resumeReplay();
    }
    await cluster.caughtUp();
    // Replayed: the replica answers the same either way.
    expect((await titleOf(article.slug))!.commentCount).toBe(1);
  });

  it('falls back to the primary when the replica stops mid-test, without failing a request', async () => {
    await cluster.pauseReplay(); // what the replica answers is then told apart from the primary's
    const article = await insertArticle(server.db.dataSource, 'Written before the replica stops');
    expect(await titleOf(article.slug)).toBeNull();
    await cluster.stopReplica();
    const answers = await Promise.all(Array.from({ length: 8 }, () => server.gql(TITLE, { slug: article.slug })));
    expect(answers.map((r) => `${r.status} ${r.data?.article?.title ?? r.errors?.[0]?.extensions?.code}`)).toEqual(Array(8).fill('200 Written before the replica stops'));
    expect((await fetch(`${server.url}/ready`)).status).toBe(200);
  });
});
