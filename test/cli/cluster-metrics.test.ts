import http from 'node:http';
import { freePort } from '../../bench/service';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startServiceProcess, type ServiceProcess } from '../support/service-process';

/** A GET on a connection of its own, so the cluster hands each request to the next worker. */
function getOnNewConnection(base: string, query: string): Promise<number> {
  const url = new URL(`/graphql?${new URLSearchParams({ query })}`, base);
  return new Promise((resolve, reject) => {
    http.get({ host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    }).on('error', reject);
  });
}

describe('metrics of a cluster (WORKERS=2, METRICS_PORT)', () => {
  let db: TestDatabase;
  let service: ServiceProcess;
  let base: string;
  let metricsPort: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    metricsPort = await freePort();
    service = startServiceProcess({ DATABASE_URL: db.url, WORKERS: '2', METRICS_PORT: String(metricsPort) });
    base = await service.ready;
  });
  afterAll(async () => {
    if (service.child.exitCode === null) service.child.kill('SIGKILL');
    await db.drop();
  });

  it('answers one scrape with the requests of both workers summed', async () => {
    const statuses = [];
    for (let i = 0; i < 12; i++) statuses.push(await getOnNewConnection(base, 'query MetricsProbe { articles(first: 1) { totalCount } }'));
    expect(statuses.every((s) => s === 200)).toBe(true);
    const scrape = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    const text = await scrape.text();
    if (scrape.status !== 200) throw new Error(`${scrape.status}: ${service.stderr().slice(-1500)} ${service.stdout().slice(-1500)}`);
    expect(text).toMatch(/graphql_request_duration_seconds_count\{operation="MetricsProbe",outcome="ok"\} 12\b/);
    expect(text).toMatch(/job_queue_depth \d+/);
    // Not on the service's port without METRICS_TOKEN.
    expect((await fetch(`${base}/metrics`)).status).toBe(404);
  });
});
