import { createTestToken } from '../support/tokens';
import { operation } from '../support/operations';
import { useEditorDesk } from '../support/editor-desk';

const desk = useEditorDesk();
const { q, gql } = desk;

const ENTITY = `id name slug __typename ... on Person { aliases title } ... on Organization { aliases acronym } ... on Place { aliases kind code }`;
const CREATE = `mutation($input: CreateEntityInput!) { createEntity(input: $input) { entity { ${ENTITY} } userErrors { field message code } } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateEntityInput!) { updateEntity(id: $id, input: $input) { entity { ${ENTITY} } userErrors { field message code } } }`;
const MERGE = `mutation($from: ID!, $into: ID!) { mergeEntities(from: $from, into: $into) { entity { ${ENTITY} } userErrors { field message code } } }`;
const RELINK = `mutation($entity: ID!) { relink(entity: $entity) { job { id kind state done total error } userErrors { field message code } } }`;
const JOB = `query($id: ID!) { job(id: $id) { id kind state done total error } }`;
const NODE = `query($id: ID!) { node(id: $id) { id ... on Person { name slug } } }`;
const INGEST = operation('ingest-article');

async function idOf(type: 'person' | 'organization' | 'place', slug: string): Promise<string> {
  const res = await gql(`query($slug: String!) { ${type}(slug: $slug) { id } }`, { slug }, {});
  return res.data[type].id;
}

describe('curation by editors', () => {
  it('refuses anonymous callers and moderators', async () => {
    const input = { kind: 'PERSON', name: 'Nobody' };
    expect((await gql(CREATE, { input }, {})).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const moderator = (await createTestToken(desk.server.db.dataSource, 'moderator')).headers;
    expect((await gql(CREATE, { input }, moderator)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await gql(RELINK, { entity: await idOf('person', 'eric-snoek') }, moderator)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('creates people, organizations and places with aliases, and links them in the next article', async () => {
    const res = await gql(CREATE, { input: { kind: 'PERSON', name: 'Tarik Ouazzani', aliases: ['T. Ouazzani', 'Tarek Ouazzani', 'TAREK OUAZZANI'], title: 'Ministre' } });
    expect(res.data.createEntity.userErrors).toEqual([]);
    expect(res.data.createEntity.entity).toMatchObject({
      __typename: 'Person', name: 'Tarik Ouazzani', slug: 'tarik-ouazzani', aliases: ['T. Ouazzani', 'Tarek Ouazzani'], title: 'Ministre',
    });
    const place = await gql(CREATE, { input: { kind: 'PLACE', name: 'Rabat', placeKind: 'CITY' } });
    expect(place.data.createEntity.entity).toMatchObject({ __typename: 'Place', kind: 'CITY', slug: 'rabat' });
    const article = await gql(INGEST, { input: { title: 'Visite', body: 'Tarek Ouazzani était à Rabat. Ouazzani a parlé.' } });
    expect(article.data.ingestArticle.article.mentions.map((m: any) => `${m.text}=${m.entity.name}`)).toEqual([
      'Tarek Ouazzani=Tarik Ouazzani', 'Rabat=Rabat', 'Ouazzani=Tarik Ouazzani',
    ]);
  });

  it('answers bad curation input with userErrors', async () => {
    const res = await gql(CREATE, { input: { kind: 'PERSON', name: '  ', acronym: 'XYZ', placeKind: 'CITY' } });
    expect(res.data.createEntity.entity).toBeNull();
    expect(res.data.createEntity.userErrors.map((e: any) => e.field)).toEqual(['name', 'acronym', 'placeKind']);
    const dup = await gql(CREATE, { input: { kind: 'PERSON', name: 'Eric Snoek', slug: 'eric-snoek' } });
    expect(dup.data.createEntity.userErrors).toEqual([{ field: 'slug', code: 'DUPLICATE', message: 'slug: a person with the slug "eric-snoek" already exists' }]);
    const first = await gql(CREATE, { input: { kind: 'ORGANIZATION', name: 'Conseil de coopération', acronym: 'CDC' } });
    expect(first.data.createEntity.entity).toMatchObject({ slug: 'conseil-de-cooperation', acronym: 'CDC' });
    const homonym = await gql(CREATE, { input: { kind: 'ORGANIZATION', name: 'Conseil de coopération' } });
    expect(homonym.data.createEntity.entity.slug).toBe('conseil-de-cooperation-2');
    const wrongKind = await gql(UPDATE, { id: await idOf('place', 'morocco'), input: { title: 'Royaume' } });
    expect(wrongKind.data.updateEntity.userErrors[0]).toMatchObject({ field: 'title', code: 'INVALID' });
    const badId = await gql(UPDATE, { id: 'nope', input: { name: 'X' } });
    expect(badId.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('relinks stored articles after an alias is added, as a background job whose progress is queryable', async () => {
    const body = 'La Gendarmerie royale et le Parquet de Bruxelles. Le commissaire Snoekx était là.';
    const stored = await gql(INGEST, { input: { title: 'Avant alias', body } });
    expect(stored.data.ingestArticle.article.mentions).toEqual([]);
    const snoek = await idOf('person', 'eric-snoek');
    const updated = await gql(UPDATE, { id: snoek, input: { aliases: ['Snoek', 'Éric Snoek', 'Snoekx'] } });
    expect(updated.data.updateEntity.entity.aliases).toEqual(['Snoek', 'Éric Snoek', 'Snoekx']);
    const relink = await gql(RELINK, { entity: snoek });
    expect(relink.data.relink.userErrors).toEqual([]);
    expect(relink.data.relink.job).toMatchObject({ kind: 'relink' });
    const job = await desk.finishedJob(relink.data.relink.job.id);
    const [{ articles }] = await q(`SELECT count(*)::int AS articles FROM article`);
    expect(job).toMatchObject({ state: 'DONE', done: articles, total: articles, error: null });
    const mentions = await q(`SELECT m.text, e.slug FROM mention m JOIN entity e ON e.id = m.entity_id JOIN article a ON a.id = m.article_id
      WHERE a.title = 'Avant alias'`);
    expect(mentions).toEqual([{ text: 'Snoekx', slug: 'eric-snoek' }]);
    // The seed article's body links are unchanged by the relink (its headline is linked too now).
    const [{ n }] = await q(`SELECT count(*)::int AS n FROM mention m JOIN article a ON a.id = m.article_id WHERE a.url IS NULL AND a.title LIKE 'Renforcement%' AND m.field = 'body'`);
    expect(n).toBe(26);
  });

  it('merges a duplicate into the survivor: mentions, summaries, participations, affiliations move; the old id resolves to the survivor', async () => {
    const dup = await gql(CREATE, { input: { kind: 'PERSON', name: 'Abdelatif Hamouchi', aliases: ['Le patron de la DGSN'] } });
    const dupId = dup.data.createEntity.entity.id;
    const seedArticle = await q(`SELECT id FROM article WHERE title LIKE 'Renforcement%'`);
    const [{ id: dupRowId }] = await q(`SELECT id FROM entity WHERE slug = 'abdelatif-hamouchi'`);
    const [{ id: hammouchiRowId }] = await q(`SELECT id FROM entity WHERE slug = 'abdellatif-hammouchi'`);
    // The duplicate has an article of its own, one shared with the survivor, an event and an affiliation.
    const own = await gql(INGEST, { input: { title: 'Doublon', body: 'Le patron de la DGSN a parlé hier.' } });
    expect(own.data.ingestArticle.article.mentions.map((m: any) => m.text)).toEqual(['Le patron de la DGSN']);
    await q(`INSERT INTO mention (article_id, entity_id, start, "end", text) SELECT id, $2, 0, 2, substr(body, 1, 2) FROM article WHERE id = $1`, [seedArticle[0].id, dupRowId]);
    await q(`INSERT INTO article_entity (article_id, entity_id, mentions, first_start) VALUES ($1, $2, 1, 0)`, [seedArticle[0].id, dupRowId]);
    const [{ event_id: eventId }] = await q(`SELECT event_id FROM event_participant WHERE entity_id = $1 LIMIT 1`, [hammouchiRowId]);
    await q(`INSERT INTO event_participant (event_id, entity_id, role) VALUES ($1, $2, 'guest')`, [eventId, dupRowId]);
    const [{ id: otherEvent }] = await q(`SELECT e.id FROM event e WHERE NOT EXISTS (SELECT 1 FROM event_participant p WHERE p.event_id = e.id AND p.entity_id = $1) LIMIT 1`, [hammouchiRowId])
      .then((rows: any[]) => (rows.length ? rows : [{ id: null }]));
    if (otherEvent) await q(`INSERT INTO event_participant (event_id, entity_id, role) VALUES ($1, $2, 'observer')`, [otherEvent, dupRowId]);
    const [{ id: dgsn }] = await q(`SELECT id FROM entity WHERE slug = 'dgsn'`);
    await q(`INSERT INTO affiliation (person_id, organization_id, role) VALUES ($1, $2, 'Directeur général'), ($1, $2, 'Porte-parole')`, [dupRowId, dgsn]);
    const before = await q(`SELECT (SELECT count(*) FROM mention)::int AS mentions, (SELECT sum(mentions) FROM article_entity)::int AS summed`);

    const survivor = await idOf('person', 'abdellatif-hammouchi');
    const res = await gql(MERGE, { from: dupId, into: survivor });
    expect(res.data.mergeEntities.userErrors).toEqual([]);
    expect(res.data.mergeEntities.entity).toMatchObject({ id: survivor, aliases: ['Hammouchi', 'Abdelatif Hamouchi', 'Le patron de la DGSN'] });

    expect(await q(`SELECT count(*)::int AS n FROM mention WHERE entity_id = $1`, [dupRowId])).toEqual([{ n: 0 }]);
    expect(await q(`SELECT count(*)::int AS n FROM article_entity WHERE entity_id = $1`, [dupRowId])).toEqual([{ n: 0 }]);
    expect(await q(`SELECT (SELECT count(*) FROM mention)::int AS mentions, (SELECT sum(mentions) FROM article_entity)::int AS summed`)).toEqual(before);
    expect(await q(`SELECT mentions, first_start FROM article_entity WHERE article_id = $1 AND entity_id = $2`, [seedArticle[0].id, hammouchiRowId]))
      .toEqual([{ mentions: 5, first_start: 0 }]);
    const roles = await q(`SELECT role FROM event_participant WHERE event_id = $1 AND entity_id = $2`, [eventId, hammouchiRowId]);
    expect(roles).toHaveLength(1);
    expect(roles[0].role).not.toBe('guest');
    if (otherEvent) expect(await q(`SELECT role FROM event_participant WHERE event_id = $1 AND entity_id = $2`, [otherEvent, hammouchiRowId])).toEqual([{ role: 'observer' }]);
    expect(await q(`SELECT role FROM affiliation WHERE person_id = $1 AND organization_id = $2 ORDER BY role`, [hammouchiRowId, dgsn]))
      .toEqual([{ role: 'Directeur général' }, { role: 'Porte-parole' }]);

    const old = await gql(NODE, { id: dupId }, {});
    expect(old.data.node).toEqual({ id: survivor, name: 'Abdellatif Hammouchi', slug: 'abdellatif-hammouchi' });
    // The merged names now link to the survivor.
    const next = await gql(INGEST, { input: { title: 'Après fusion', body: 'Abdelatif Hamouchi et le patron de la DGSN.' } });
    expect(next.data.ingestArticle.article.mentions.map((m: any) => m.entity.name)).toEqual(['Abdellatif Hammouchi', 'Abdellatif Hammouchi']);
  });

  it('refuses merges across kinds, of an entity into itself, or of unknown ids', async () => {
    const person = await idOf('person', 'eric-snoek');
    const org = await idOf('organization', 'dgsn');
    expect((await gql(MERGE, { from: person, into: org })).data.mergeEntities.userErrors[0]).toMatchObject({ field: 'into', code: 'INVALID' });
    expect((await gql(MERGE, { from: person, into: person })).data.mergeEntities.userErrors[0]).toMatchObject({ field: 'from', code: 'INVALID' });
    const unknown = Buffer.from('Person:999999').toString('base64url');
    expect((await gql(MERGE, { from: unknown, into: person })).data.mergeEntities.userErrors[0]).toMatchObject({ field: 'from', code: 'NOT_FOUND' });
    expect((await gql(JOB, { id: 'bm9wZQ' })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
