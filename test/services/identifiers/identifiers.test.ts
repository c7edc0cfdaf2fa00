import { toGlobalId } from '../../../src/schema/global-id';
import { onPurge, type PurgeEvent } from '../../../src/services/purge';
import { startTestServer, type TestServer } from '../../support/server';
import { createTestToken } from '../../support/tokens';
import { buildNewsroom } from '../../resolvers/newsroom';

let server: TestServer;
let editor: Record<string, string>;
let eric: string;
let ministry: string;
beforeAll(async () => {
  server = await startTestServer();
  const room = await buildNewsroom(server.db.dataSource);
  editor = (await createTestToken(server.db.dataSource, 'editor')).headers;
  eric = toGlobalId('Person', room.people[0]);
  ministry = toGlobalId('Organization', room.orgs.ministry);
});
afterAll(() => server.close());

const SET = `mutation($id: ID!, $identifiers: [ExternalIdentifierInput!]!) {
  setEntityIdentifiers(id: $id, identifiers: $identifiers) {
    entity { id ... on Person { identifiers { scheme value url } } ... on Organization { identifiers { scheme value url } } }
    userErrors { field code message }
  }
}`;
const LOOKUP = `query($scheme: String!, $value: String!) { entityByIdentifier(scheme: $scheme, value: $value) { __typename id name } }`;
const PAGE = `query { person(slug: "eric-dupont") { name identifiers { scheme value url } } }`;

describe('external identifiers', () => {
  it('stores them checked and in normal form, shows them on the entity page and purges its answers', async () => {
    const purged: PurgeEvent[] = [];
    const stop = onPurge((e) => void purged.push(e));
    const res = await server.gql(SET, {
      id: eric,
      identifiers: [
        { scheme: 'wikidata', value: 'q28858453' }, { scheme: 'ISNI', value: '0000 0001 2103 2683' },
        { scheme: 'website', value: 'https://interieur.example.be/fr' }, { scheme: 'viaf', value: '113230702' },
      ],
    }, editor);
    stop();
    expect(res.errors).toBeUndefined();
    expect(res.data.setEntityIdentifiers.userErrors).toEqual([]);
    const expected = [
      { scheme: 'isni', value: '0000000121032683', url: 'https://isni.org/isni/0000000121032683' },
      { scheme: 'viaf', value: '113230702', url: 'https://viaf.org/viaf/113230702' },
      { scheme: 'website', value: 'https://interieur.example.be/fr', url: 'https://interieur.example.be/fr' },
      { scheme: 'wikidata', value: 'Q28858453', url: 'https://www.wikidata.org/wiki/Q28858453' },
    ];
    expect(res.data.setEntityIdentifiers.entity.identifiers).toEqual(expected);
    expect((await server.gql(PAGE)).data.person).toEqual({ name: 'Éric Dupont', identifiers: expected });
    const [, id] = Buffer.from(eric, 'base64url').toString().split(':');
    expect(purged.some((e) => e.keys.includes(`entity:${id}`))).toBe(true);
  });

  it('finds the entity by identifier, written as the register writes it', async () => {
    for (const [scheme, value] of [['wikidata', 'Q28858453'], ['Wikidata', 'q28858453'], ['isni', '0000000121032683'], ['viaf', '113230702']]) {
      const res = await server.gql(LOOKUP, { scheme, value });
      expect(res.errors).toBeUndefined();
      expect(res.data.entityByIdentifier).toEqual({ __typename: 'Person', id: eric, name: 'Éric Dupont' });
    }
    expect((await server.gql(LOOKUP, { scheme: 'wikidata', value: 'Q1' })).data.entityByIdentifier).toBeNull();
  });

  it('refuses an unknown scheme, a malformed QID or ISNI, and an identifier of another entity, writing nothing', async () => {
    const before = (await server.gql(PAGE)).data.person.identifiers;
    const bad = await server.gql(SET, {
      id: eric,
      identifiers: [{ scheme: 'myspace', value: 'x' }, { scheme: 'wikidata', value: 'Q12a' }, { scheme: 'isni', value: '0000 0001 2103 2684' }, { scheme: 'website', value: 'javascript:alert(1)' }],
    }, editor);
    expect(bad.data.setEntityIdentifiers.entity).toBeNull();
    expect(bad.data.setEntityIdentifiers.userErrors).toEqual([
      { field: 'identifiers[0].scheme', code: 'INVALID', message: expect.stringMatching(/^identifiers\[0\]\.scheme: unknown scheme "myspace"; known: wikidata, isni/) },
      { field: 'identifiers[1].value', code: 'INVALID', message: 'identifiers[1].value: a malformed QID "Q12a"; expected e.g. Q42' },
      { field: 'identifiers[2].value', code: 'INVALID', message: expect.stringMatching(/^identifiers\[2\]\.value: a malformed ISNI/) },
      { field: 'identifiers[3].value', code: 'INVALID', message: expect.stringMatching(/^identifiers\[3\]\.value: a malformed Official website/) },
    ]);
    const taken = await server.gql(SET, { id: ministry, identifiers: [{ scheme: 'wikidata', value: 'Q2' }, { scheme: 'wikidata', value: 'Q28858453' }] }, editor);
    expect(taken.data.setEntityIdentifiers).toEqual({
      entity: null,
      userErrors: [{ field: 'identifiers[1].value', code: 'DUPLICATE', message: 'identifiers[1].value: wikidata Q28858453 already identifies Éric Dupont' }],
    });
    expect((await server.gql(PAGE)).data.person.identifiers).toEqual(before);
    expect((await server.gql(LOOKUP, { scheme: 'wikidata', value: 'Q2' })).data.entityByIdentifier).toBeNull();
    const anonymous = await server.gql(SET, { id: ministry, identifiers: [] });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('answers a lookup with an unknown scheme or a malformed value with BAD_USER_INPUT and its reason', async () => {
    const unknown = await server.gql(LOOKUP, { scheme: 'facebook', value: 'x' });
    expect(unknown.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', reason: 'UNKNOWN_SCHEME', argument: 'scheme' } });
    const malformed = await server.gql(LOOKUP, { scheme: 'wikidata', value: '42' });
    expect(malformed.errors?.[0]).toMatchObject({ message: 'value: a malformed QID "42"; expected e.g. Q42', extensions: { code: 'BAD_USER_INPUT', reason: 'MALFORMED' } });
  });

  it('puts them in the GraphML export, one key per scheme', async () => {
    const res = await fetch(`${server.url}/export/network.graphml?center=${eric}&depth=1`);
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).toContain('<key id="wikidata" for="node" attr.name="wikidata" attr.type="string"/>');
    expect(text).toMatch(new RegExp(`<node id="${eric}">[^\\n]*<data key="isni">0000000121032683</data>[^\\n]*<data key="wikidata">Q28858453</data></node>`));
  });

  it('moves them with a merge: the merged entity\'s identifiers find the survivor', async () => {
    const created = await server.gql(`mutation { createEntity(input: { kind: PERSON, name: "E. Dupont (duplicate)" }) { entity { id } userErrors { message } } }`, {}, editor);
    const duplicate = created.data.createEntity.entity.id;
    await server.gql(SET, { id: duplicate, identifiers: [{ scheme: 'orcid', value: '0000000218250097' }] }, editor);
    const merged = await server.gql(`mutation($from: ID!, $into: ID!) { mergeEntities(from: $from, into: $into) { userErrors { message } } }`, { from: duplicate, into: eric }, editor);
    expect(merged.data.mergeEntities.userErrors).toEqual([]);
    expect((await server.gql(LOOKUP, { scheme: 'orcid', value: '0000-0002-1825-0097' })).data.entityByIdentifier.id).toBe(eric);
    expect((await server.gql(PAGE)).data.person.identifiers.map((i: any) => `${i.scheme}:${i.value}`)).toContain('orcid:0000-0002-1825-0097');
  });
});
