import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import Redis from 'ioredis';
import pino from 'pino';
import { onPurge, purge, purgeKeys, startPurgeHook } from '../../../src/services/purge';
import { deleteRedisKeys, describeWithRedis, REDIS_URL, testRedisPrefix } from '../../support/redis';

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({ write: (chunk, _e, done) => (lines.push(JSON.parse(chunk.toString())), done()) });
  return { logger: pino({ level: 'info' }, sink), lines };
}

it('names each changed article, entity, event, comment, topic and source once, and the lists when asked', () => {
  expect(purgeKeys({ articles: [3, 3], entities: [5], events: [7], comments: [9], topics: [2], sources: [1], lists: true }).sort()).toEqual(
    ['article:3', 'article:unkeyed', 'articles', 'comment:9', 'comment:unkeyed', 'entity:5', 'entity:unkeyed', 'event:7', 'event:unkeyed', 'source:1', 'source:unkeyed', 'topic:2', 'topic:unkeyed'],
  );
  expect(purgeKeys({})).toEqual([]);
});

it('hands the keys to every listener, waits for them, and survives a listener that fails', async () => {
  const seen: string[][] = [];
  const stops = [
    onPurge(async (e) => void (await new Promise((r) => setTimeout(r, 20)), seen.push(e.keys))),
    onPurge(() => {
      throw new Error('a broken cache');
    }),
  ];
  await purge({ articles: [1] }, 'test', 'token:4');
  expect(seen).toEqual([['article:1', 'article:unkeyed']]);
  stops.forEach((stop) => stop());
  await purge({ articles: [2] }, 'test');
  expect(seen).toHaveLength(1);
});

it('logs each purge and POSTs it to the webhook', async () => {
  const received: { keys: string[]; reason: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => (received.push(JSON.parse(body)), res.end()));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { logger, lines } = capturingLogger();
  const stop = startPurgeHook({ sinks: ['log', 'webhook'], webhookUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/purge`, redisUrl: null, redisChannel: 'unused', responseCachePrefix: null }, logger);
  await purge({ articles: [12], lists: true }, 'article ingested');
  await stop();
  server.close();
  expect(received).toEqual([expect.objectContaining({ keys: ['article:12', 'article:unkeyed', 'articles'], reason: 'article ingested' })]);
  expect(lines).toContainEqual(expect.objectContaining({ msg: 'purge', purgeKeys: ['article:12', 'article:unkeyed', 'articles'], reason: 'article ingested' }));
});

it('logs a webhook that cannot be reached, and the write goes on', async () => {
  const { logger, lines } = capturingLogger();
  const stop = startPurgeHook({ sinks: ['webhook'], webhookUrl: 'http://127.0.0.1:1/purge', redisUrl: null, redisChannel: 'unused', responseCachePrefix: null }, logger);
  await purge({ entities: [4] }, 'entity curated');
  await stop();
  expect(lines).toContainEqual(expect.objectContaining({ msg: 'purge webhook failed', purgeKeys: ['entity:4', 'entity:unkeyed'] }));
});

describeWithRedis('the Redis channel', () => {
  it('publishes each purge on the channel', async () => {
    const prefix = testRedisPrefix('purge');
    const channel = `${prefix}purge`;
    const subscriber = new Redis(REDIS_URL);
    const messages: string[] = [];
    await subscriber.subscribe(channel);
    subscriber.on('message', (_c, m) => messages.push(m));
    const stop = startPurgeHook({ sinks: ['redis'], webhookUrl: null, redisUrl: REDIS_URL, redisChannel: channel, responseCachePrefix: null }, pino({ level: 'silent' }));
    await purge({ comments: [8], articles: [2] }, 'comment approved');
    for (let i = 0; i < 50 && !messages.length; i++) await new Promise((r) => setTimeout(r, 20));
    await stop();
    subscriber.disconnect();
    await deleteRedisKeys(REDIS_URL, prefix);
    expect(JSON.parse(messages[0])).toEqual(expect.objectContaining({ keys: ['article:2', 'article:unkeyed', 'comment:8', 'comment:unkeyed'], reason: 'comment approved' }));
  });
});
