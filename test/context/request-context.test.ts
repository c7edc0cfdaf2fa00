import { Writable } from 'node:stream';
import pino from 'pino';
import { loadConfig } from '../../src/config';
import { createRequestContext } from '../../src/context';
import { createTestDatabase, type TestDatabase } from '../support/database';

/** What Apollo Server does to the context of each operation it runs (ApolloServer.js, cloneObject). */
const cloneLikeApollo = <T extends object>(context: T): T => Object.assign(Object.create(Object.getPrototypeOf(context)), context);

describe('the request context', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
  });
  afterAll(() => db?.drop());

  it("makes the request's logger once, when first used, though Apollo clones the context for each operation", () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: 'info' }, new Writable({ write(chunk, _encoding, done) { lines.push(JSON.parse(String(chunk))); done(); } }));
    const child = jest.spyOn(logger, 'child');
    const context = createRequestContext({ config: loadConfig({}), dataSource: db.dataSource, logger }, { requestId: 'req-7', clientAddress: '127.0.0.1', viewer: null });
    const first = cloneLikeApollo(context);
    const second = cloneLikeApollo(context);
    expect(child).not.toHaveBeenCalled();

    first.logger.info('from the first operation');
    second.logger.warn('from the second');
    context.logger.info('from the request');
    expect(child).toHaveBeenCalledTimes(1);
    expect(lines.map((l) => [l.msg, l.requestId])).toEqual([
      ['from the first operation', 'req-7'],
      ['from the second', 'req-7'],
      ['from the request', 'req-7'],
    ]);
  });
});
