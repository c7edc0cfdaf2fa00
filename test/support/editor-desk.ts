import pino from 'pino';
import { startJobWorker, type JobWorker } from '../../src/services/jobs/worker';
import { startTestServer, type GraphQLResponse, type TestServer } from './server';
import { createTestToken } from './tokens';

export interface EditorDesk {
  /** The seeded service over real HTTP (set in beforeAll). */
  server: TestServer;
  /** An EDITOR token's headers. */
  editor: Record<string, string>;
  /** SQL on the service's database. */
  q(sql: string, params?: unknown[]): Promise<any[]>;
  /** A GraphQL request, as the editor unless other headers are given. */
  gql(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse>;
  /** The job once it is DONE or FAILED (its progress and error), read as the editor every 50 ms, 10 s at most. */
  finishedJob(id: string): Promise<any>;
}

const JOB = `query($id: ID!) { job(id: $id) { id kind state done total updated skipped error } }`;

/**
 * The set-up of the editors' write tests: the seeded service, a job worker in this process
 * (relink, re-clean and ingest jobs run), and an editor's token. Call at a file's top level.
 */
export function useEditorDesk(): EditorDesk {
  let worker: JobWorker | undefined;
  const desk: EditorDesk = {
    server: undefined as unknown as TestServer,
    editor: {},
    q: (sql, params = []) => desk.server.db.dataSource.query(sql, params),
    gql: (query, variables = {}, headers = desk.editor) => desk.server.gql(query, variables, headers),
    async finishedJob(id) {
      for (let i = 0; i < 200; i++) {
        const res = await desk.gql(JOB, { id });
        if (['DONE', 'FAILED'].includes(res.data.job.state)) return res.data.job;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`job ${id} did not finish`);
    },
  };
  beforeAll(async () => {
    desk.server = await startTestServer({ seed: true });
    worker = await startJobWorker({
      dataSource: desk.server.db.dataSource, connectionString: desk.server.db.url, logger: pino({ level: 'silent' }), pollIntervalMs: 100,
    });
    desk.editor = (await createTestToken(desk.server.db.dataSource, 'editor')).headers;
  });
  afterAll(async () => {
    await worker?.stop();
    await desk.server?.close();
  });
  return desk;
}
