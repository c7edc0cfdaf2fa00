import { ingestArticle } from '../../../src/services/ingest/ingest-article';
import { relinkArticles } from '../../../src/services/jobs/relink';
import { createJob } from '../../../src/services/jobs/job-store';
import { promoteCandidate } from '../../../src/services/curation/promote-candidate';
import { ensureQueue } from '../../../src/services/jobs/queue';
import { toGlobalId } from '../../../src/schema/global-id';
import { readSeedArticle } from '../../../src/services/seed';
import { SEED_PUBLISHED_AT } from '../../../src/services/seed/demo-article';
import { startTestServer, type TestServer } from '../../support/server';
import { createTestToken } from '../../support/tokens';

let server: TestServer;
let editor: { authorization: string };
const q = (sql: string, params: unknown[] = []) => server.db.dataSource.query(sql, params);

/** The events stored, as kind, date, place slug and participants' slugs with roles. */
async function events(): Promise<{ id: number; kind: string; date: string | null; place: string | null; status: string; confidence: number; participants: string; sources: number }[]> {
  return q(
    `SELECT e.id, e.kind, to_char(e.date, 'YYYY-MM-DD') AS date, pl.slug AS place, e.status, e.confidence,
            COALESCE((SELECT string_agg(p.slug || ':' || ep.role, ',' ORDER BY p.slug) FROM event_participant ep JOIN entity p ON p.id = ep.entity_id WHERE ep.event_id = e.id), '') AS participants,
            (SELECT count(*)::int FROM event_source s WHERE s.event_id = e.id) AS sources
       FROM event e LEFT JOIN entity pl ON pl.id = e.place_id ORDER BY e.id`,
  );
}

beforeAll(async () => {
  // A database that knows the seed's entities but no article and no event.
  server = await startTestServer({ seed: true });
  await q(`DELETE FROM event_audit; DELETE FROM event; DELETE FROM article`);
  editor = (await createTestToken(server.db.dataSource, 'editor')).headers;
});
afterAll(() => server.close());

describe('events extracted on ingest', () => {
  let articleId: number;
  it('ingesting the seed page raw yields the four events its text supports, with evidence sentences', async () => {
    const result = await ingestArticle(server.db.dataSource, { body: readSeedArticle(), publishedAt: SEED_PUBLISHED_AT, source: 'Seed outlet' });
    expect(result.outcome).toBe('created');
    articleId = result.article!.id;
    const stored = await events();
    expect(stored.map(({ kind, date, place, participants, status }) => ({ kind, date, place, participants, status }))).toEqual([
      { kind: 'visit', date: '2024-12-05', place: 'belgium', participants: 'abdellatif-hammouchi:head of delegation', status: 'proposed' },
      { kind: 'visit', date: '2024-11-25', place: 'morocco', participants: 'francisca-bostyn:visitor', status: 'proposed' },
      { kind: 'meeting', date: '2024-12-05', place: 'belgium', participants: 'abdellatif-hammouchi:guest,eric-snoek:host', status: 'proposed' },
      { kind: 'agreement_signed', date: '2024-12-05', place: 'belgium', participants: 'abdellatif-hammouchi:signatory,eric-snoek:signatory', status: 'proposed' },
    ]);
    const [talks] = await q(
      `SELECT s.evidence, a.body FROM event_source s JOIN article a ON a.id = s.article_id JOIN event e ON e.id = s.event_id WHERE e.kind = 'meeting'`,
    );
    const sentences = [];
    for (let i = 0; i < talks.evidence.length; i += 2) sentences.push(talks.body.slice(talks.evidence[i], talks.evidence[i + 1]));
    expect(sentences).toEqual([expect.stringMatching(/le jeudi dernier/), expect.stringMatching(/^Lors de son séjour en Belgique, Hammouchi a eu des entretiens/)]);
    const log = await q(`SELECT action, actor_name FROM event_audit ORDER BY id`);
    expect(log).toEqual(Array(4).fill({ action: 'propose', actor_name: 'extractor' }));
  });

  it('another outlet reporting the talks becomes a second source of the same event, with its reason, and raises its confidence', async () => {
    const [before] = (await events()).filter((e) => e.kind === 'meeting');
    const other = await ingestArticle(server.db.dataSource, {
      title: 'Hammouchi à Bruxelles', source: 'Another outlet', publishedAt: new Date('2024-12-07T09:00:00Z'),
      body: 'Abdellatif Hammouchi a eu des entretiens avec Eric Snoek le 5 décembre en Belgique. Les deux hommes ont évoqué le terrorisme.',
    });
    expect(other.outcome).toBe('created');
    const after = (await events()).filter((e) => e.kind === 'meeting');
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: before.id, sources: 2 });
    expect(after[0].confidence).toBeGreaterThan(before.confidence);
    const [source] = await q(`SELECT merge_reason FROM event_source WHERE event_id = $1 AND article_id = $2`, [before.id, other.article!.id]);
    expect(source.merge_reason).toMatch(/same kind \(meeting\); 2 participant\(s\) in common; dates 2024-12-05\/day and 2024-12-05\/day overlap; same place/);
  });

  it('a rejected event is not proposed again when its article is relinked, and lists leave it out by default', async () => {
    const [bostyn] = (await events()).filter((e) => e.kind === 'visit' && e.date === '2024-11-25');
    const res = await server.gql(`mutation ($id: ID!) { rejectEvent(id: $id, reason: "test") { event { status } userErrors { code } } }`, { id: toGlobalId('Event', bostyn.id) }, editor);
    expect(res.data.rejectEvent).toEqual({ event: { status: 'REJECTED' }, userErrors: [] });
    expect((await events()).find((e) => e.id === bostyn.id)).toMatchObject({ status: 'rejected', participants: '' });
    // relinking after a name change re-reads the article
    const job = await createJob(server.db.dataSource, { kind: 'relink', total: 2 });
    await q(`UPDATE entity SET aliases = aliases || '{Francisca B.}'::text[] WHERE slug = 'francisca-bostyn'`);
    await q(`DELETE FROM mention WHERE article_id = $1`, [articleId]); // links changed: the relink rewrites them
    await relinkArticles(server.db.dataSource, job.id);
    const visits = (await events()).filter((e) => e.kind === 'visit' && e.date === '2024-11-25');
    expect(visits).toEqual([expect.objectContaining({ id: bostyn.id, status: 'rejected' })]);
    const list = await server.gql(`{ events(first: 20) { totalCount } rejected: events(status: [REJECTED]) { edges { node { status } } } }`);
    expect(list.data.events.totalCount).toBe(3);
    expect(list.data.rejected.edges).toEqual([{ node: { status: 'REJECTED' } }]);
  });
});

describe('editors review events', () => {
  const gql = (query: string, variables: Record<string, unknown>) => server.gql(query, variables, editor);
  const PAYLOAD = 'event { id status confidence participants { role participant { ... on Person { slug } } } sources { id } } userErrors { field code message }';

  it('answers userErrors for bad input and writes nothing', async () => {
    const [meeting] = (await events()).filter((e) => e.kind === 'meeting');
    const id = toGlobalId('Event', meeting.id);
    const [snoek] = await q(`SELECT id FROM entity WHERE slug = 'eric-snoek'`);
    const person = toGlobalId('Person', snoek.id);
    const before = await events();
    const self = await gql(`mutation ($id: ID!) { mergeEvents(from: $id, into: $id) { ${PAYLOAD} } }`, { id });
    expect(self.data.mergeEvents.userErrors).toEqual([expect.objectContaining({ field: 'from', code: 'INVALID' })]);
    const unknown = await gql(`mutation ($id: ID!) { confirmEvent(id: $id) { ${PAYLOAD} } }`, { id: toGlobalId('Event', 999999) });
    expect(unknown.data.confirmEvent.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
    const twice = await gql(`mutation ($id: ID!, $p: ID!) { updateEvent(id: $id, input: { date: "1700-01-01", participants: [{ participant: $p, role: "host" }, { participant: $p, role: "guest" }] }) { ${PAYLOAD} } }`, { id, p: person });
    expect(twice.data.updateEvent.userErrors.map((e: any) => [e.field, e.code])).toEqual([['date', 'INVALID'], ['participants[1]', 'DUPLICATE']]);
    expect(await events()).toEqual(before);
    const anonymous = await server.gql(`mutation ($id: ID!) { confirmEvent(id: $id) { ${PAYLOAD} } }`, { id });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('confirm, merge and split (undoing the merge), each in the audit log with before and after', async () => {
    const stored = await events();
    const talks = stored.find((e) => e.kind === 'meeting')!;
    const signing = stored.find((e) => e.kind === 'agreement_signed')!;
    const queue = await gql(`{ eventReviewQueue(first: 5) { edges { node { id } } } }`, {});
    expect(queue.data.eventReviewQueue.edges[0].node.id).toBe(toGlobalId('Event', talks.id)); // two sources: first
    const confirmed = await gql(`mutation ($id: ID!) { confirmEvent(id: $id) { ${PAYLOAD} } }`, { id: toGlobalId('Event', signing.id) });
    expect(confirmed.data.confirmEvent.event).toMatchObject({ status: 'CONFIRMED', confidence: 1 });
    const merged = await gql(`mutation ($from: ID!, $into: ID!) { mergeEvents(from: $from, into: $into, reason: "one communiqué") { ${PAYLOAD} } }`,
      { from: toGlobalId('Event', signing.id), into: toGlobalId('Event', talks.id) });
    expect(merged.data.mergeEvents.userErrors).toEqual([]);
    expect(merged.data.mergeEvents.event.sources).toHaveLength(2);
    expect((await events()).some((e) => e.id === signing.id)).toBe(false);
    const [other] = await q(`SELECT id FROM article WHERE title = 'Hammouchi à Bruxelles'`);
    const split = await gql(`mutation ($id: ID!, $a: [ID!]!) { splitEvent(id: $id, articles: $a) { ${PAYLOAD} } }`,
      { id: toGlobalId('Event', talks.id), a: [toGlobalId('Article', other.id)] });
    expect(split.data.splitEvent.userErrors).toEqual([]);
    expect(split.data.splitEvent.event).toMatchObject({ status: 'PROPOSED', sources: [{ id: toGlobalId('Article', other.id) }] });
    const log = await gql(`query ($e: ID!) { eventAuditLog(event: $e) { totalCount edges { node { action actor reason before after } } } }`, { e: toGlobalId('Event', talks.id) });
    expect(log.data.eventAuditLog.edges.map((e: any) => e.node.action)).toEqual(['SPLIT', 'MERGE', 'ATTACH', 'PROPOSE']);
    const mergeEntry = log.data.eventAuditLog.edges[1].node;
    expect(mergeEntry.reason).toMatch(/one communiqué/);
    expect(JSON.parse(mergeEntry.after).sources).toHaveLength(2);
  });
});

describe('Event.evidence', () => {
  it('gives every sentence a source stored, in text order: the visit that dates the talks, the talks, and (merged above) the signing with its antecedent', async () => {
    const [talks] = await q(`SELECT e.id FROM event e JOIN event_source s ON s.event_id = e.id JOIN article a ON a.id = s.article_id
                              WHERE e.kind = 'meeting' AND a.source_id = (SELECT id FROM source WHERE name = 'Seed outlet')`);
    const res = await server.gql(`query ($id: ID!) { node(id: $id) { ... on Event { evidence { text } } } }`, { id: toGlobalId('Event', talks.id) });
    expect(res.data.node.evidence.map((e: any) => e.text)).toEqual([
      expect.stringMatching(/a effectué une visite de travail en Belgique le jeudi dernier/),
      expect.stringMatching(/^Lors de son séjour en Belgique, Hammouchi a eu des entretiens avec/),
      expect.stringMatching(/^Les discussions ont permis de poser les bases d’un plan d’action commun/),
      expect.stringMatching(/^Le plan d’action signé par Hammouchi et Snoek/),
    ]);
  });
});

describe('analysts choose which events they trust in network and path', () => {
  const NETWORK = `query ($center: ID!, $status: [EventStatus!], $minConfidence: Float) {
    network(center: $center, depth: 1, kinds: [MET], status: $status, minConfidence: $minConfidence) { edges { target weight confirmedShare } } }`;
  const PATH = `query ($from: ID!, $to: ID!, $status: [EventStatus!], $minConfidence: Float) {
    path(from: $from, to: $to, kinds: [MET], status: $status, minConfidence: $minConfidence) { hops steps { confirmedShare evidence { ... on Event { id } } } } }`;
  let hammouchi: string, snoek: string, talks: number, split: number;
  /** Hammouchi's MET edges and his path to Snoek, under a filter (absent arguments: the defaults). */
  async function trusted(filter: { status?: string[]; minConfidence?: number } = {}) {
    const [net, path] = await Promise.all([
      server.gql(NETWORK, { center: hammouchi, ...filter }),
      server.gql(PATH, { from: hammouchi, to: snoek, ...filter }),
    ]);
    expect(net.errors).toBeUndefined();
    expect(path.errors).toBeUndefined();
    return {
      edges: net.data.network.edges,
      path: path.data.path && path.data.path.steps.map((s: any) => ({ share: s.confirmedShare, events: s.evidence.map((e: any) => e.id).sort() })),
    };
  }
  const review = (mutation: 'confirmEvent' | 'rejectEvent', id: number) =>
    server.gql(`mutation ($id: ID!) { ${mutation}(id: $id) { userErrors { code } } }`, { id: toGlobalId('Event', id) }, editor);

  beforeAll(async () => {
    const ids: { slug: string; id: number }[] = await q(`SELECT slug, id FROM entity WHERE slug IN ('abdellatif-hammouchi', 'eric-snoek')`);
    hammouchi = toGlobalId('Person', ids.find((e) => e.slug === 'abdellatif-hammouchi')!.id);
    snoek = toGlobalId('Person', ids.find((e) => e.slug === 'eric-snoek')!.id);
    // the talks and the event split off them above: both proposed, both between Hammouchi and Snoek
    const shared: { id: number; status: string; confidence: number }[] = await q(
      `SELECT e.id, e.status, e.confidence FROM event e
        WHERE (SELECT count(*) FROM event_participant p WHERE p.event_id = e.id AND p.entity_id IN (SELECT id FROM entity WHERE slug IN ('abdellatif-hammouchi', 'eric-snoek'))) = 2
        ORDER BY e.id`,
    );
    expect(shared.map((e) => e.status)).toEqual(['proposed', 'proposed']);
    expect(shared[1].confidence).toBeLessThan(1);
    [talks, split] = shared.map((e) => e.id);
  });

  it('proposed events count by default; confirming and rejecting change the relation, its share and the path', async () => {
    const both = [toGlobalId('Event', talks), toGlobalId('Event', split)].sort();
    expect(await trusted()).toEqual({ edges: [{ target: snoek, weight: 2, confirmedShare: 0 }], path: [{ share: 0, events: both }] });
    expect(await trusted({ status: ['CONFIRMED'] })).toEqual({ edges: [], path: null });

    expect((await review('confirmEvent', talks)).data.confirmEvent.userErrors).toEqual([]);
    expect(await trusted()).toEqual({ edges: [{ target: snoek, weight: 2, confirmedShare: 0.5 }], path: [{ share: 0.5, events: both }] });
    const confirmedOnly = { edges: [{ target: snoek, weight: 1, confirmedShare: 1 }], path: [{ share: 1, events: [toGlobalId('Event', talks)] }] };
    expect(await trusted({ status: ['CONFIRMED'] })).toEqual(confirmedOnly);
    // a confirmed event's confidence is 1; the split one's is lower
    expect(await trusted({ minConfidence: 1 })).toEqual(confirmedOnly);
    expect(await trusted({ status: ['PROPOSED'] })).toEqual({
      edges: [{ target: snoek, weight: 1, confirmedShare: 0 }], path: [{ share: 0, events: [toGlobalId('Event', split)] }],
    });

    expect((await review('rejectEvent', split)).data.rejectEvent.userErrors).toEqual([]);
    expect(await trusted()).toEqual(confirmedOnly);
    // a rejected event left every relation: asking for rejected events brings it back into none
    expect(await trusted({ status: ['PROPOSED', 'CONFIRMED', 'REJECTED'] })).toEqual(confirmedOnly);
    expect(await trusted({ status: ['REJECTED'] })).toEqual({ edges: [], path: null });
  });

  it('refuses an empty status list and a confidence outside [0, 1] with BAD_USER_INPUT naming the argument', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ status: [] }, /^status: name at least one of PROPOSED, CONFIRMED, REJECTED/],
      [{ minConfidence: 1.5 }, /^minConfidence: expected a number from 0 to 1, got 1.5/],
      [{ minConfidence: -0.01 }, /^minConfidence: expected a number from 0 to 1, got -0.01/],
    ];
    for (const [filter, message] of cases) {
      const EVENTS = `query ($status: [EventStatus!], $minConfidence: Float) { events(status: $status, minConfidence: $minConfidence) { totalCount } }`;
      for (const [query, vars] of [[NETWORK, { center: hammouchi }], [PATH, { from: hammouchi, to: snoek }], [EVENTS, {}]] as const) {
        const res = await server.gql(query, { ...vars, ...filter });
        expect(res.errors?.[0]).toMatchObject({ message: expect.stringMatching(message), extensions: { code: 'BAD_USER_INPUT' } });
      }
    }
  });
});

describe('the review queue', () => {
  const QUEUE = `query ($first: Int, $after: String) { eventReviewQueue(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { id status } } } }`;
  const gql = (variables: Record<string, unknown>) => server.gql(QUEUE, variables, editor);

  beforeAll(async () => {
    // proposed events with 0 to 2 sources and tied confidences, so ties decide the order
    const articles: { id: number }[] = await q(`SELECT id FROM article ORDER BY id LIMIT 2`);
    expect(articles).toHaveLength(2);
    for (let i = 0; i < 9; i++) {
      const [{ id }] = await q(
        `INSERT INTO event (slug, kind, title, status, confidence, origin) VALUES ($1, 'meeting', $1, 'proposed', $2, 'extracted') RETURNING id`,
        [`queue-${i}`, [0.5, 0.7, 0.7][i % 3]],
      );
      for (const article of articles.slice(0, i % 3 === 0 ? 0 : (i % 2) + 1)) {
        await q(`INSERT INTO event_source (event_id, article_id, start, "end") VALUES ($1, $2, 0, 1)`, [id, article.id]);
      }
    }
  });

  it('pages through every proposed event once, most sources first, then most confident, then newest', async () => {
    const expected: { id: number }[] = await q(
      `SELECT e.id FROM event e WHERE e.status = 'proposed'
        ORDER BY (SELECT count(*) FROM event_source s WHERE s.event_id = e.id) DESC, e.confidence DESC, e.id DESC`,
    );
    expect(expected.length).toBeGreaterThan(9);
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 20; pages++) {
      const res: any = await gql({ first: 3, after });
      expect(res.errors).toBeUndefined();
      const page = res.data.eventReviewQueue;
      expect(page.totalCount).toBe(expected.length);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(page.edges.every((e: any) => e.node.status === 'PROPOSED')).toBe(true);
      seen.push(...page.edges.map((e: any) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      expect(page.pageInfo.endCursor).toBe(page.edges[page.edges.length - 1].cursor);
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected.map((e) => toGlobalId('Event', e.id)));
    // 20 by default, in the same order
    const first = await gql({});
    expect(first.data.eventReviewQueue.edges.map((e: any) => e.node.id)).toEqual(seen.slice(0, 20));
  });

  it('refuses a page size out of range and a cursor it did not issue', async () => {
    for (const [variables, argument] of [[{ first: 101 }, 'first'], [{ first: -1 }, 'first'], [{ after: 'bm90IGEgY3Vyc29y' }, 'after']] as const) {
      const res = await gql(variables);
      expect(res.errors?.[0]).toMatchObject({ message: expect.stringMatching(new RegExp(`^${argument}: `)), extensions: { code: 'BAD_USER_INPUT' } });
    }
    // a cursor of Query.events (a date and an id)
    const foreign = await server.gql(`query ($c: String) { eventReviewQueue(after: $c) { totalCount } }`, {
      c: (await server.gql(`{ events(first: 1) { edges { cursor } } }`)).data.events.edges[0].cursor,
    }, editor);
    expect(foreign.errors?.[0]).toMatchObject({ message: expect.stringMatching(/^after: not a cursor this connection issued/), extensions: { code: 'BAD_USER_INPUT' } });
  });
});

describe('the place a text names when it is no known place', () => {
  const EVENT = `query ($id: ID!) { node(id: $id) { ... on Event { place { name } placeName } } }`;
  const named = (): Promise<{ id: number; kind: string; placeName: string | null; place: string | null; sources: number }[]> => q(`SELECT e.id, e.kind, e.place_name AS "placeName", pl.name AS place, (SELECT count(*)::int FROM event_source s WHERE s.event_id = e.id) AS sources
    FROM event e LEFT JOIN entity pl ON pl.id = e.place_id WHERE e.date = '2025-03-03' OR e.date = '2025-03-04' ORDER BY e.date, e.id`);
  let articleIds: number[] = [];

  it('stores "à Tétouan" and "in Ghent" as the place name, and merges sources that name it with other accents', async () => {
    const texts = [
      { source: 'Outlet A', title: 'Entretiens à Tétouan', body: 'Abdellatif Hammouchi a rencontré Eric Snoek à Tétouan le 3 mars 2025. Ils ont parlé de sécurité.' },
      { source: 'Outlet B', title: 'Talks in Tetouan', body: 'Abdellatif Hammouchi met Eric Snoek in Tetouan on 3 March 2025.' },
      { source: 'Outlet C', title: 'Talks in Ghent', body: 'Eric Snoek met Abdellatif Hammouchi in Ghent on 4 March 2025.' },
    ];
    articleIds = [];
    for (const t of texts) {
      const r = await ingestArticle(server.db.dataSource, { ...t, publishedAt: new Date('2025-03-05T09:00:00Z') });
      expect(r.outcome).toBe('created');
      articleIds.push(r.article!.id);
    }
    const stored = await named();
    expect(stored.map(({ id: _, ...e }) => e)).toEqual([
      { kind: 'meeting', placeName: 'Tétouan', place: null, sources: 2 },
      { kind: 'meeting', placeName: 'Ghent', place: null, sources: 1 },
    ]);
    const [source] = await q(`SELECT proposal->'placeSpan' AS span, a.body FROM event_source s JOIN article a ON a.id = s.article_id WHERE s.article_id = $1`, [articleIds[0]]);
    expect(source.body.slice(source.span.start, source.span.end)).toBe('Tétouan');
    const res = await server.gql(EVENT, { id: toGlobalId('Event', stored[0].id) });
    expect(res.data.node).toEqual({ place: null, placeName: 'Tétouan' });
  });

  it('promoting the name to a place and relinking its articles gives the event the place and clears the name', async () => {
    await ensureQueue(server.db.url); // promoting queues the relink (run here, not by a worker)
    const result = await promoteCandidate(server.db.dataSource, { key: 'Tétouan', kind: 'place', name: 'Tétouan' });
    expect(result.userErrors).toEqual([]);
    await relinkArticles(server.db.dataSource, result.job!.id, articleIds.slice(0, 2));
    const [tetouan] = (await named()).filter((e) => e.kind === 'meeting' && e.sources === 2);
    expect(tetouan).toMatchObject({ placeName: null, place: 'Tétouan' });
    const res = await server.gql(EVENT, { id: toGlobalId('Event', tetouan.id) });
    expect(res.data.node).toEqual({ place: { name: 'Tétouan' }, placeName: null });
  });

  it('a confirmed event whose place was only named gets the place when a relinked source names it', async () => {
    const [ghent] = (await named()).filter((e) => e.placeName === 'Ghent');
    const confirm = await server.gql(`mutation ($id: ID!) { confirmEvent(id: $id) { userErrors { code } } }`, { id: toGlobalId('Event', ghent.id) }, editor);
    expect(confirm.data.confirmEvent.userErrors).toEqual([]);
    const result = await promoteCandidate(server.db.dataSource, { key: 'Ghent', kind: 'place' });
    await relinkArticles(server.db.dataSource, result.job!.id, [articleIds[2]]);
    expect((await named()).find((e) => e.id === ghent.id)).toMatchObject({ placeName: null, place: 'Ghent', sources: 1 });
  });

  it('an editor setting the place clears the name', async () => {
    const r = await ingestArticle(server.db.dataSource, { source: 'Outlet D', title: 'Entretiens à Oujda', body: 'Eric Snoek a rencontré Abdellatif Hammouchi à Oujda le 3 mars 2024.', publishedAt: new Date('2024-03-05T09:00:00Z') });
    const [oujda] = await q(`SELECT e.id, e.place_name AS "placeName" FROM event e JOIN event_source s ON s.event_id = e.id WHERE s.article_id = $1`, [r.article!.id]);
    expect(oujda.placeName).toBe('Oujda');
    const [morocco] = await q(`SELECT id FROM entity WHERE slug = 'morocco'`);
    const res = await server.gql(`mutation ($id: ID!, $place: ID!) { updateEvent(id: $id, input: { place: $place }) { event { place { name } placeName } userErrors { code } } }`,
      { id: toGlobalId('Event', oujda.id), place: toGlobalId('Place', morocco.id) }, editor);
    expect(res.data.updateEvent).toEqual({ event: { place: { name: 'Morocco' }, placeName: null }, userErrors: [] });
  });
});
