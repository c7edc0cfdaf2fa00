import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { getIntrospectionQuery } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { demoVariables } from '../../src/services/demo-variables';
import { emailHash } from '../../src/services/comments/hashes';
import { toGlobalId } from '../../src/schema/global-id';
import { ADD_COMMENT, MODERATE_COMMENT } from '../support/comments';
import { OPERATIONS_DIR, operation } from '../support/operations';
import { startTestServer, type TestServer } from '../support/server';
import { createTestToken } from '../support/tokens';

/**
 * The promise of the comment form: "your email address will not be published". Comments
 * are posted with unique emails, then every operation our users run, the moderation
 * operations, introspection, live subscriptions, exports and the error paths are
 * exercised; every response body, WebSocket message and log line is captured, and none of
 * them holds any of those emails (nor the hash the service keeps of them).
 */
const tag = randomBytes(4).toString('hex');
const EMAILS = [
  `Privacy.Reader+${tag}@Example.org`,
  `second.${tag}@mail.example.net`,
  `known-${tag}@example.com`,
  `spammer_${tag}@spam.example.org`,
  `replier.${tag}@example.org`,
  `limited.${tag}@example.org`,
];

const captured: string[] = [];
let server: TestServer;
let headers: Record<'moderator' | 'admin' | 'editor', Record<string, string>>;
let articleId: string;

async function gql(query: string, variables?: Record<string, unknown>, h?: Record<string, string>) {
  const res = await server.gql(query, variables, h);
  const head: string[] = [];
  res.headers.forEach((v, k) => head.push(`${k}: ${v}`));
  captured.push(`${res.status} ${head.join('\n')}\n${res.text}`);
  return res;
}

async function get(pathAndQuery: string, h: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${pathAndQuery}`, { headers: h });
  const text = await res.text();
  captured.push(`${res.status} ${text}`);
  return { status: res.status, text };
}

function post(input: Record<string, unknown>, h?: Record<string, string>) {
  return gql(ADD_COMMENT, { input: { articleId, authorName: 'Reader', body: `words ${randomBytes(3).toString('hex')}`, ...input } }, h);
}

beforeAll(async () => {
  server = await startTestServer({
    seed: true,
    env: { LOG_LEVEL: 'trace', COMMENT_POLICY: 'auto-approve-known', COMMENT_RATE_PER_ADDRESS: '100', COMMENT_RATE_PER_EMAIL: '3' },
  });
  const ds = server.db.dataSource;
  headers = {
    moderator: (await createTestToken(ds, 'moderator')).headers,
    admin: (await createTestToken(ds, 'admin')).headers,
    editor: (await createTestToken(ds, 'editor')).headers,
  };
  const [article] = await ds.query(`SELECT id FROM article ORDER BY id LIMIT 1`);
  articleId = toGlobalId('Article', article.id);
});
afterAll(() => server.close());

it('never lets a commenter\'s email out: responses, live messages, exports and logs', async () => {
  // Live: everything the subscription delivers is captured too.
  const wsMessages: string[] = [];
  const client = createClient({
    url: `${server.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false, onNonLazyError: () => {},
    on: { message: (m) => void wsMessages.push(JSON.stringify(m)) },
  });
  await new Promise<void>((resolve) => client.on('connected', () => resolve()));
  client.subscribe(
    { query: `subscription ($a: ID!) { commentAdded(articleId: $a) { id authorName body status createdAt parent { id } article { id commentCount } replies { totalCount edges { node { id } } } } }`, variables: { a: articleId } },
    { next: () => {}, error: () => {}, complete: () => {} },
  );
  await new Promise((r) => setTimeout(r, 50));

  // Comments in every state, replies, a known author approved at once.
  const ids: Record<string, string> = {};
  for (const [i, email] of EMAILS.slice(0, 5).entries()) {
    const res = await post({ email, body: i === 3 ? 'http://a.example http://b.example http://c.example' : `Comment number ${i}` });
    expect(res.data.addComment.userErrors).toEqual([]);
    ids[email] = res.data.addComment.comment.id;
  }
  await gql(MODERATE_COMMENT, { id: ids[EMAILS[0]], action: 'APPROVE', reason: 'fine' }, headers.moderator);
  await gql(MODERATE_COMMENT, { id: ids[EMAILS[1]], action: 'REJECT', reason: 'off topic' }, headers.moderator);
  await gql(MODERATE_COMMENT, { id: ids[EMAILS[2]], action: 'APPROVE' }, headers.admin);
  await gql(MODERATE_COMMENT, { id: ids[EMAILS[4]], action: 'DELETE', reason: 'asked by author' }, headers.admin);
  const known = await post({ email: EMAILS[2].toUpperCase(), body: 'Known author, approved at once' });
  expect(known.data.addComment.comment.status).toBe('APPROVED');
  const reply = await post({ email: EMAILS[4], parentId: ids[EMAILS[0]], body: 'A reply' });
  await gql(MODERATE_COMMENT, { id: reply.data.addComment.comment.id, action: 'APPROVE' }, headers.moderator);

  // Every operation our users run, anonymously and as each role.
  const variables = await demoVariables(server.db.dataSource);
  (variables['add-comment'] as any).input = { ...(variables['add-comment'] as any).input, articleId, email: EMAILS[0].toLowerCase(), body: 'Via the operation' };
  const files = fs.readdirSync(OPERATIONS_DIR).filter((f) => f.endsWith('.graphql'));
  expect(files).toHaveLength(8);
  for (const file of files) {
    const name = path.basename(file, '.graphql');
    for (const h of [{}, headers.editor, headers.moderator, headers.admin]) await gql(operation(name), variables[name] as Record<string, unknown>, h);
  }

  // Staff reading: the queue in every state, the audit trail, nodes, viewer.
  const commentFields = `id authorName body status createdAt parent { id authorName } article { id title commentCount } replies { totalCount edges { node { id authorName body } } }`;
  for (const status of ['PENDING', 'APPROVED', 'REJECTED', 'SPAM', 'DELETED']) {
    await gql(`query ($s: CommentStatus) { moderationQueue(first: 50, status: $s) { totalCount edges { cursor node { ${commentFields} } } } }`, { s: status }, headers.admin);
  }
  await gql(`{ moderationLog(first: 50) { totalCount edges { cursor node { id action reason fromStatus toStatus actor createdAt comment { ${commentFields} } } } } }`, {}, headers.admin);
  await gql(`query ($ids: [ID!]!) { nodes(ids: $ids) { id ... on Comment { ${commentFields} } } }`, { ids: Object.values(ids) });
  await gql(`{ viewer { name role } }`, {}, headers.admin);
  await gql(`query ($a: ID!) { node(id: $a) { ... on Article { commentCount comments(first: 50) { edges { node { ${commentFields} } } } } } }`, { a: articleId });

  // Introspection: no output type has an email field.
  const introspection = await gql(getIntrospectionQuery());
  const outputFields = introspection.data.__schema.types
    .filter((t: any) => t.kind === 'OBJECT' || t.kind === 'INTERFACE')
    .flatMap((t: any) => t.fields.map((f: any) => `${t.name}.${f.name}`));
  expect(outputFields.filter((f: string) => /email/i.test(f))).toEqual([]);

  // Error paths, each with an email in the request.
  await post({ email: EMAILS[0], body: 'Comment number 0' }); // duplicate
  await post({ email: EMAILS[0], body: '' }); // bad body next to a good email
  await post({ email: EMAILS[0], authorName: '\u0000' });
  await post({ email: `${EMAILS[0]}\u0000` });
  await post({ email: EMAILS[1], authorName: `Me <${EMAILS[1]}>` }); // the address as the (published) name
  await post({ email: EMAILS[1], body: `Mail me: ${EMAILS[1]}` }); // the author's own address in the (published) body
  await gql(ADD_COMMENT, { input: { articleId, authorName: 'X', email: EMAILS[1] } }); // body missing
  await gql(ADD_COMMENT, { input: { articleId: { email: EMAILS[1] }, authorName: 'X', email: EMAILS[1], body: 'b' } }); // wrong type
  await gql(ADD_COMMENT, { input: { articleId, authorName: 'X', email: { nested: EMAILS[1] }, body: 'b' } });
  await gql(ADD_COMMENT, { input: { articleId, authorName: 'X', emial: EMAILS[1], body: 'b' } }); // unknown field
  await gql(ADD_COMMENT, { input: { articleId, authorName: 'X', email: EMAILS[1], body: 'b', [EMAILS[1]]: 1 } });
  await gql(`query ($s: CommentStatus) { moderationQueue(status: $s) { totalCount } }`, { s: EMAILS[1] }, headers.admin);
  await gql(`{ moderationQueue(status: "${EMAILS[1]}") { totalCount } }`, {}, headers.admin);
  await gql(`{ article(slug: "${EMAILS[1]}" "${EMAILS[1]}") { id } }`); // parse error quoting the token
  await gql(`mutation { addComment(input: { articleId: "${articleId}", authorName: "X", email: "${EMAILS[1]}", body: 3 }) { comment { id } } }`);
  await gql(`mutation { addComment(input: { articleId: "${articleId}", authorName: "X", email: 42, body: "${EMAILS[1]}" }) { comment { id } } }`);
  await gql(MODERATE_COMMENT, { id: ids[EMAILS[0]], action: 'REJECT', reason: EMAILS[0] ? 'x' : '' }, headers.editor); // forbidden
  await gql(MODERATE_COMMENT, { id: ids[EMAILS[0]], action: 'REJECT' }); // unauthenticated
  await gql(`{ moderationLog { totalCount } }`, {}, headers.moderator); // forbidden
  const unauthorized = await gql(ADD_COMMENT, { input: { articleId, authorName: 'X', email: EMAILS[1], body: 'b' } }, { authorization: 'Bearer nope' });
  expect(unauthorized.status).toBe(401);
  for (let i = 0; i < 4; i++) await post({ email: EMAILS[5] }); // the 4th is rate-limited
  expect(captured[captured.length - 1]).toContain('RATE_LIMITED');
  await get(`/graphql?query=${encodeURIComponent(ADD_COMMENT)}&variables=${encodeURIComponent(JSON.stringify({ input: { articleId, authorName: 'X', email: EMAILS[1], body: 'b' } }))}`);
  await get(`/graphql?query=${encodeURIComponent(`query ($s: CommentStatus) { moderationQueue(status: $s) { totalCount } }`)}&variables=${encodeURIComponent(JSON.stringify({ s: EMAILS[1] }))}`, headers.admin);

  // Exports and pages.
  const center = (variables.network as any).center;
  expect((await get(`/export/network.graphml?center=${encodeURIComponent(center)}&depth=2`)).status).toBe(200);
  await get(`/graphiql`, { accept: 'text/html' });
  await get(`/health`);
  await get(`/ready`);

  await new Promise((r) => setTimeout(r, 100));
  await client.dispose();

  // The test is not vacuous: the emails are stored, comments went live and were read back.
  const stored: { email: string }[] = await server.db.dataSource.query(`SELECT email FROM comment`);
  for (const email of EMAILS.slice(0, 5)) expect(stored.map((r) => r.email)).toContain(email.toLowerCase());
  expect(wsMessages.filter((m) => m.includes('"commentAdded"')).length).toBeGreaterThanOrEqual(3);
  expect(captured.join('\n')).toContain('Known author, approved at once');
  expect(server.logs.some((l) => l.includes('"comment added"'))).toBe(true);

  const everything = [...captured, ...wsMessages, ...server.logs].join('\n').toLowerCase();
  for (const email of EMAILS) {
    expect(everything).not.toContain(email.toLowerCase());
    expect(everything).not.toContain(email.toLowerCase().split('@')[0]);
    expect(everything).not.toContain(emailHash(email));
  }
});
