import { useEditorDesk } from '../support/editor-desk';

const desk = useEditorDesk();
const { q, gql } = desk;

const INGEST = `mutation($input: IngestArticleInput!) { ingestArticle(input: $input) { article { id } userErrors { message } } }`;
const CANDIDATES = `query($kind: CandidateKind, $first: Int, $minArticles: Int) {
  candidates(kind: $kind, first: $first, minArticles: $minArticles) {
    key text forms kind role occurrences articleCount seenIn { article { title } occurrences context }
  }
}`;
const PROMOTE = `mutation($input: PromoteCandidateInput!) {
  promoteCandidate(input: $input) {
    entity { __typename id name ... on Person { aliases } ... on Organization { aliases } }
    job { id kind state done total }
    userErrors { field code message }
  }
}`;
describe('candidates across the archive', () => {
  beforeAll(async () => {
    const articles = [
      { title: 'Madrid reçoit la DGSN', body: 'Le ministre de l’Intérieur Fernando Grande-Marlaska a reçu la DGSN. La police nationale espagnole était présente.', publishedAt: '2025-01-10T10:00:00Z' },
      { title: 'Patrouilles communes', body: 'Fernando Grande-Marlaska a annoncé des patrouilles. Selon Fernando Grande-Marlaska, la police nationale espagnole y participera.', publishedAt: '2025-01-12T10:00:00Z' },
      { title: 'Sans rapport', body: 'La police nationale espagnole a publié son bilan annuel.', publishedAt: '2025-01-14T10:00:00Z' },
    ];
    for (const input of articles) expect((await gql(INGEST, { input })).data.ingestArticle.userErrors).toEqual([]);
  });

  it('is for editors', async () => {
    const anonymous = await gql(CANDIDATES, {}, {});
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const tooMany = await gql(CANDIDATES, { first: 1000 });
    expect(tooMany.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('lists names over the archive with counts, kind, role, articles and sentences', async () => {
    const res = await gql(CANDIDATES, { minArticles: 2 });
    expect(res.errors).toBeUndefined();
    expect(res.data.candidates.map((c: any) => [c.text, c.kind, c.articleCount, c.occurrences])).toEqual([
      ['police nationale espagnole', 'ORGANIZATION', 3, 3],
      ['Fernando Grande-Marlaska', 'PERSON', 2, 3],
    ]);
    const fernando = res.data.candidates[1];
    expect(fernando).toMatchObject({ key: 'fernando grande marlaska', role: 'ministre de l’Intérieur', forms: ['Fernando Grande-Marlaska'] });
    // The newest article first, with the sentence that names him.
    expect(fernando.seenIn).toEqual([
      { article: { title: 'Patrouilles communes' }, occurrences: 2, context: 'Fernando Grande-Marlaska a annoncé des patrouilles.' },
      { article: { title: 'Madrid reçoit la DGSN' }, occurrences: 1, context: 'Le ministre de l’Intérieur Fernando Grande-Marlaska a reçu la DGSN.' },
    ]);
    const people = await gql(CANDIDATES, { kind: 'PERSON', minArticles: 2 });
    expect(people.data.candidates.map((c: any) => c.text)).toEqual(['Fernando Grande-Marlaska']);
  });

  it('leaves neither entity, aliases nor job when queuing the relink fails mid-way', async () => {
    // The database refuses the relink's job row: the entity (or aliases) were already written in the same transaction.
    await q(`CREATE FUNCTION refuse_relink_job() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'relink jobs refused'; END $$`);
    await q(`CREATE TRIGGER refuse_relink_job BEFORE INSERT ON background_job FOR EACH ROW WHEN (NEW.kind = 'relink') EXECUTE FUNCTION refuse_relink_job()`);
    const created = await gql(`mutation { createEntity(input: { kind: ORGANIZATION, name: "Policía Nacional" }) { entity { id } } }`);
    const orgId = created.data.createEntity.entity.id;
    const relinks = `SELECT (SELECT count(*)::int FROM background_job WHERE kind = 'relink') AS jobs,
      (SELECT count(*)::int FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id WHERE t.identifier = 'relink') AS queued`;
    try {
      const asEntity = await gql(PROMOTE, { input: { key: 'Fernando Grande-Marlaska' } });
      expect(asEntity.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      const asAlias = await gql(PROMOTE, { input: { key: 'police nationale espagnole', aliasOf: orgId } });
      expect(asAlias.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      await q(`DROP TRIGGER refuse_relink_job ON background_job`);
      await q(`DROP FUNCTION refuse_relink_job()`);
    }
    expect(await q(`SELECT id FROM entity WHERE name = 'Fernando Grande-Marlaska' OR slug LIKE 'fernando-grande-marlaska%'`)).toEqual([]);
    expect(await q(`SELECT aliases FROM entity WHERE name = 'Policía Nacional'`)).toEqual([{ aliases: [] }]);
    expect(await q(relinks)).toEqual([{ jobs: 0, queued: 0 }]);
    const still = await gql(CANDIDATES, { minArticles: 2 });
    expect(still.data.candidates.map((c: any) => c.text)).toEqual(['police nationale espagnole', 'Fernando Grande-Marlaska']);
  });

  it('creates an entity from a candidate and relinks the articles that named it, as a job with progress', async () => {
    const res = await gql(PROMOTE, { input: { key: 'Fernando Grande-Marlaska' } });
    expect(res.data.promoteCandidate.userErrors).toEqual([]);
    expect(res.data.promoteCandidate.entity).toMatchObject({ __typename: 'Person', name: 'Fernando Grande-Marlaska' });
    expect(res.data.promoteCandidate.job).toMatchObject({ kind: 'relink', total: 2 });
    expect(await desk.finishedJob(res.data.promoteCandidate.job.id)).toMatchObject({ state: 'DONE', done: 2, total: 2, error: null });
    const mentions = await q(`SELECT a.title, count(*)::int AS n FROM mention m JOIN article a ON a.id = m.article_id JOIN entity e ON e.id = m.entity_id
      WHERE e.slug = 'fernando-grande-marlaska' GROUP BY a.title ORDER BY a.title`);
    expect(mentions).toEqual([{ title: 'Madrid reçoit la DGSN', n: 1 }, { title: 'Patrouilles communes', n: 2 }]);
    const left = await gql(CANDIDATES, { minArticles: 1, first: 100 });
    expect(left.data.candidates.map((c: any) => c.text)).not.toContain('Fernando Grande-Marlaska');
  });

  it('adds a candidate as an alias of an existing entity, then relinks', async () => {
    const created = await gql(`mutation { createEntity(input: { kind: ORGANIZATION, name: "Cuerpo Nacional de Policía" }) { entity { id } } }`);
    const id = created.data.createEntity.entity.id;
    const res = await gql(PROMOTE, { input: { key: 'police nationale espagnole', aliasOf: id } });
    expect(res.data.promoteCandidate.userErrors).toEqual([]);
    expect(res.data.promoteCandidate.entity).toMatchObject({ id, aliases: ['police nationale espagnole'] });
    expect(await desk.finishedJob(res.data.promoteCandidate.job.id)).toMatchObject({ state: 'DONE', done: 3, total: 3 });
    const [{ n }] = await q(`SELECT count(*)::int AS n FROM mention m JOIN entity e ON e.id = m.entity_id WHERE e.name = 'Cuerpo Nacional de Policía'`);
    expect(n).toBe(3);
  });

  it('answers unknown candidates and contradictory input with userErrors', async () => {
    const missing = await gql(PROMOTE, { input: { key: 'Personne Inconnue' } });
    expect(missing.data.promoteCandidate).toMatchObject({ entity: null, job: null, userErrors: [{ field: 'key', code: 'NOT_FOUND' }] });
    const both = await gql(PROMOTE, { input: { key: 'x', kind: 'PERSON', aliasOf: 'UGVyc29uOjE=' } });
    expect(both.data.promoteCandidate.userErrors).toEqual([{ field: 'kind', code: 'INVALID', message: 'kind: not with aliasOf (the entity keeps its own)' }]);
  });
});
