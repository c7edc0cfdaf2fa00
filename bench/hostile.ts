/**
 * The catalogue of hostile requests (issue 13, part 8): what a client trying to take the
 * service down, or to make it say more than it should, sends. test/http/hostile-requests.test.ts
 * asserts each one's refusal; the abuse bench (bench/suites/abuse.ts) streams them beside
 * legitimate traffic. It lives under bench/ because the bench cannot import test/.
 */
import http from 'node:http';
import net from 'node:net';

/** What the cases aim at, read from the database they run against. */
export interface HostileTargets {
  /** An article's global id and slug. */
  articleId: string;
  articleSlug: string;
  /** A person's global id (a network centre). */
  personId: string;
}

export interface HostileRequest {
  method?: string;
  /** Path and query string; /graphql by default. */
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Sent in chunks with no content-length (Transfer-Encoding: chunked). */
  chunked?: boolean;
  /** The client goes away right after sending, without reading the answer. */
  disconnect?: boolean;
  /** Bytes written as they are on a TCP connection instead of an HTTP request. */
  raw?: string;
}

export interface HostileCase {
  category: string;
  name: string;
  request(targets: HostileTargets): HostileRequest;
  /**
   * The outcome (see `outcomeOf`): `<status> <code>` for an error, `200 data` for input that is
   * harmless once read as what it is (a search for punctuation), `200 userError <field>` for a
   * mutation's payload error, `client gone` for a disconnect.
   */
  expected: string;
  /** Also acceptable once the client has been at it for a while (the bench): throttles kick in. */
  underSustainedAbuse?: string[];
  /** Refused before any SQL statement ran (the request log line's sqlStatements: 0). */
  noSql: boolean;
}

const JSON_TYPE = { 'content-type': 'application/json' };

/** A POST of a GraphQL request as JSON. */
export function gqlPost(query: string, variables?: unknown, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): HostileRequest {
  return { method: 'POST', headers: { ...JSON_TYPE, ...headers }, body: JSON.stringify({ query, variables, ...extra }) };
}

/** A POST of this exact body. */
export function rawPost(body: string | Buffer, headers: Record<string, string> = JSON_TYPE): HostileRequest {
  return { method: 'POST', headers, body };
}

/** `articles(first: n) { edges { node { … } } }` nested `levels` deep through each article's people (3 × 100: the request that killed a worker). */
export function nestedArticles(levels: number, first: string): string {
  let inner = 'title';
  for (let i = 0; i < levels; i++) inner = `articles(first: ${first}) { edges { node { ${i === 0 ? inner : `people { ${inner} }`} } } }`;
  return inner;
}

/** `n` aliases of `network(center, depth: 4)`, each with its nodes and edges. */
export function networkAliases(n: number, center: string): string {
  return `{ ${Array.from({ length: n }, (_, i) => `n${i}: network(center: "${center}", depth: 4) { nodes { id } edges { source target } }`).join(' ')} }`;
}

/** An organization's parents, `depth` fields deep in all. */
export function deepParents(depth: number): string {
  let chain = 'name';
  for (let i = 0; i < depth - 2; i++) chain = `parent { ${chain} }`;
  return `{ organization(slug: "dgsn") { ${chain} } }`;
}

/** Introspection's type references, `depth` fields deep in all. */
export function deepIntrospection(depth: number): string {
  let typeRef = 'name';
  for (let i = 0; i < depth - 5; i++) typeRef = `ofType { ${typeRef} }`;
  return `{ __schema { types { fields { type { ${typeRef} } } } } }`;
}

/** F0 spreads F1 `copies` times, F1 spreads F2 as often … F{levels} selects `leaf`: copies^levels of it. */
export function multiplyingFragments(levels: number, leaf: string, copies = 2, on = 'Query'): string {
  let fragments = '';
  for (let i = 0; i < levels; i++) fragments += `fragment F${i} on ${on} { ${`...F${i + 1} `.repeat(copies)}}\n`;
  return `${on === 'Query' ? '{ ...F0 }\n' : ''}${fragments}fragment F${levels} on ${on} { ${leaf} }`;
}

/** `{"a":{"a":…}}` nested `levels` deep, built as text (a recursive JSON.stringify would do the same, slower). */
function nestedJson(levels: number): string {
  return `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
}

const base64url = (text: string) => Buffer.from(text).toString('base64url');
const SMALL_PAGE = '{ articles(first: 2) { edges { node { title } } } }';
const SEARCH = 'query ($q: String!) { search(query: $q, first: 5) { edges { node { __typename } } } }';
const BY_SLUG = 'query ($slug: String!) { article(slug: $slug) { title } }';
const ADD_COMMENT = 'mutation ($input: AddCommentInput!) { addComment(input: $input) { comment { id } userErrors { field code } } }';
/** A comment whose every field is valid: a case spoils one. */
const comment = (t: HostileTargets, changes: Record<string, unknown>) => ({
  input: { articleId: t.articleId, authorName: 'Reader', email: 'reader@example.org', body: 'Merci pour cet article.', ...changes },
});

export const HOSTILE_CASES: HostileCase[] = [
  // ---- cost: refused once parsed and validated, before anything runs
  { category: 'depth', name: 'organization → parent × 48: depth 50', request: () => gqlPost(deepParents(50)), expected: '400 QUERY_TOO_COMPLEX', noSql: true },
  { category: 'depth', name: 'introspection type references 50 deep', request: () => gqlPost(deepIntrospection(50)), expected: '400 QUERY_TOO_COMPLEX', noSql: true },
  {
    category: 'width', name: '1,000 spreads of a 10-field fragment (10,003 fields)',
    request: () => gqlPost(`{ articles(first: 1) { edges { node { ${'...Wide '.repeat(1000)}} } } } fragment Wide on Article { id slug title lead body language publishedAt url commentCount __typename }`),
    expected: '400 QUERY_TOO_COMPLEX', noSql: true,
  },
  { category: 'width', name: '10,000 fields written out (over the token limit)', request: () => gqlPost(`{ articles(first: 1) { edges { node { ${'title '.repeat(10_000)}} } } }`), expected: '400 QUERY_TOO_COMPLEX', noSql: true },
  { category: 'aliases', name: '100 aliases of network(depth: 4)', request: (t) => gqlPost(networkAliases(100, t.personId)), expected: '400 QUERY_TOO_COMPLEX', noSql: true },
  { category: 'aliases', name: '1,000 aliases of network(depth: 4) (over the token limit)', request: (t) => gqlPost(networkAliases(1000, t.personId)), expected: '400 QUERY_TOO_COMPLEX', noSql: true },
  {
    category: 'fragments', name: 'doubling fragments, 20 levels (2^20 article pages)',
    request: () => gqlPost(multiplyingFragments(20, 'articles(first: 100) { edges { node { title } } }')), expected: '400 QUERY_TOO_COMPLEX', noSql: true,
  },
  { category: 'fragments', name: 'fragments spreading each other in a cycle', request: () => gqlPost('{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }'), expected: '400 GRAPHQL_VALIDATION_FAILED', noSql: true },
  { category: 'nodes', name: 'articles → people → articles … 100 a page, 3 levels (202,202,201 nodes)', request: () => gqlPost(`{ ${nestedArticles(3, '100')} }`), expected: '400 QUERY_TOO_COMPLEX', noSql: true },
  { category: 'huge pages', name: 'first: $n with n = 100,000', request: () => gqlPost('query ($n: Int) { articles(first: $n) { edges { node { title } } } }', { n: 100_000 }), expected: '400 QUERY_TOO_COMPLEX', noSql: true },
  { category: 'huge pages', name: 'first: $n with n = 101 (over the field maximum)', request: () => gqlPost('query ($n: Int) { articles(first: $n) { edges { node { title } } } }', { n: 101 }), expected: '200 BAD_USER_INPUT', noSql: true },
  { category: 'huge pages', name: 'first: -1', request: () => gqlPost('{ articles(first: -1) { edges { node { title } } } }'), expected: '200 BAD_USER_INPUT', noSql: true },
  { category: 'huge pages', name: 'first: 1e400 through a variable (Infinity once parsed)', request: () => rawPost('{"query":"query ($n: Int) { articles(first: $n) { edges { node { title } } } }","variables":{"n":1e400}}'), expected: '400 BAD_USER_INPUT', noSql: true },
  { category: 'int overflow', name: 'first: 99999999999 written in the query', request: () => gqlPost('{ articles(first: 99999999999) { edges { node { title } } } }'), expected: '400 GRAPHQL_VALIDATION_FAILED', noSql: true },
  { category: 'int overflow', name: 'first: $n with n = 99999999999', request: () => gqlPost('query ($n: Int) { articles(first: $n) { edges { node { title } } } }', { n: 99_999_999_999 }), expected: '400 BAD_USER_INPUT', noSql: true },
  {
    category: 'huge arrays', name: 'nodes(ids:) with 100,001 ids',
    request: () => gqlPost('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: Array.from({ length: 100_001 }, (_, i) => String(i)) }),
    expected: '400 QUERY_TOO_COMPLEX', noSql: true,
  },
  {
    category: 'huge arrays', name: 'nodes(ids:) with 500 ids (within the variables limit, over the field maximum)',
    request: () => gqlPost('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: Array.from({ length: 500 }, (_, i) => String(i)) }),
    expected: '200 BAD_USER_INPUT', noSql: true,
  },
  {
    category: 'huge arrays', name: 'filter.mentionsAny with 50,000 ids that are not ids',
    request: () => gqlPost('query ($f: ArticleFilter) { articles(first: 1, filter: $f) { edges { node { title } } } }', { f: { mentionsAny: Array.from({ length: 50_000 }, (_, i) => `x${i}`) } }),
    expected: '400 QUERY_TOO_COMPLEX', noSql: true,
  },
  { category: 'huge arrays', name: 'a variable of 100,000 numbers where an ID list is expected', request: () => gqlPost('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: Array.from({ length: 100_000 }, () => 1e300) }), expected: '400 QUERY_TOO_COMPLEX', noSql: true },
  { category: 'huge arrays', name: 'an ID list nested 10,000 levels deep', request: () => rawPost(`{"query":"query ($ids: [ID!]!) { nodes(ids: $ids) { id } }","variables":{"ids":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`), expected: '400 QUERY_TOO_COMPLEX', noSql: true },

  // ---- bodies
  { category: 'huge bodies', name: '2 MB body with a content-length', request: () => rawPost(Buffer.alloc(2_000_000, 'a')), expected: '413 PAYLOAD_TOO_LARGE', noSql: true },
  { category: 'huge bodies', name: '2 MB body, chunked', request: () => ({ ...rawPost(Buffer.alloc(2_000_000, 'a')), chunked: true }), expected: '413 PAYLOAD_TOO_LARGE', noSql: true },
  { category: 'malformed', name: 'malformed JSON', request: () => rawPost('{"query": "{ articles { totalCount } }"'), expected: '400 BAD_REQUEST', noSql: true },
  { category: 'malformed', name: 'a JSON array (a batch)', request: () => rawPost(JSON.stringify([{ query: SMALL_PAGE }, { query: SMALL_PAGE }])), expected: '400 BAD_REQUEST', noSql: true },
  { category: 'malformed', name: 'a JSON string', request: () => rawPost('"{ articles { totalCount } }"'), expected: '400 BAD_REQUEST', noSql: true },
  { category: 'malformed', name: 'a JSON number', request: () => rawPost('42'), expected: '400 BAD_REQUEST', noSql: true },
  { category: 'malformed', name: 'JSON null', request: () => rawPost('null'), expected: '400 BAD_REQUEST', noSql: true },
  { category: 'malformed', name: 'an empty body', request: () => rawPost(''), expected: '400 BAD_REQUEST', noSql: true },
  { category: 'malformed', name: 'query is a number', request: () => rawPost('{"query": 42}'), expected: '400 BAD_REQUEST', noSql: true },
  { category: 'malformed', name: 'variables is a string', request: () => rawPost(JSON.stringify({ query: SMALL_PAGE, variables: '{"first": 2}' })), expected: '400 BAD_REQUEST', noSql: true },
  { category: 'malformed', name: 'invalid UTF-8 bytes in the body', request: () => rawPost(Buffer.concat([Buffer.from('{"query":"{ search(query: \\"'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('\\") { totalCount } }"}')])), expected: '400 BAD_REQUEST', noSql: true },
  { category: 'malformed', name: 'bytes that are not HTTP', request: () => ({ raw: 'GARBAGE / HTTP/9.9\r\n\0\0\0\r\n\r\n' }), expected: '400 BAD_REQUEST', noSql: true },
  { category: 'malformed', name: 'a GraphQL syntax error', request: () => gqlPost('{ articles(first: 2 { title }'), expected: '400 GRAPHQL_PARSE_FAILED', noSql: true },
  { category: 'content types', name: 'text/plain (a CSRF-able simple request)', request: () => rawPost(JSON.stringify({ query: SMALL_PAGE }), { 'content-type': 'text/plain' }), expected: '400 BAD_REQUEST', noSql: true },
  { category: 'content types', name: 'application/x-www-form-urlencoded', request: () => rawPost(`query=${encodeURIComponent(SMALL_PAGE)}`, { 'content-type': 'application/x-www-form-urlencoded' }), expected: '400 BAD_REQUEST', noSql: true },
  { category: 'content types', name: 'no content-type', request: () => rawPost(JSON.stringify({ query: SMALL_PAGE }), {}), expected: '400 BAD_REQUEST', noSql: true },
  { category: 'content types', name: 'multipart/form-data (an upload)', request: () => rawPost('--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{}\r\n--x--\r\n', { 'content-type': 'multipart/form-data; boundary=x' }), expected: '400 BAD_REQUEST', noSql: true },

  // ---- HTTP methods and operation selection
  // A GET of a query needs no custom header (CDNs, docs/caching.md "CSRF"); a mutation by GET stays refused without one.
  { category: 'methods', name: 'GET with a mutation and no custom header', request: (t) => ({ method: 'GET', path: `/graphql?query=${encodeURIComponent(`mutation { addComment(input: { articleId: "${t.articleId}", authorName: "a", email: "a@b.cd", body: "x" }) { userErrors { field } } }`)}` }), expected: '405 METHOD_NOT_ALLOWED', noSql: true },
  { category: 'methods', name: 'GET with a mutation', request: (t) => ({ method: 'GET', headers: { 'apollo-require-preflight': 'true' }, path: `/graphql?query=${encodeURIComponent(`mutation { addComment(input: { articleId: "${t.articleId}", authorName: "a", email: "a@b.cd", body: "x" }) { userErrors { field } } }`)}` }), expected: '405 METHOD_NOT_ALLOWED', noSql: true },
  { category: 'methods', name: 'GET with variables that are not JSON', request: () => ({ method: 'GET', headers: { 'apollo-require-preflight': 'true' }, path: `/graphql?query=${encodeURIComponent(SMALL_PAGE)}&variables=%7Bnot-json` }), expected: '400 BAD_REQUEST', noSql: true },
  { category: 'methods', name: 'PUT /graphql', request: () => ({ ...gqlPost(SMALL_PAGE), method: 'PUT' }), expected: '405 METHOD_NOT_ALLOWED', noSql: true },
  { category: 'methods', name: 'GET with a 100 KB query string', request: () => ({ method: 'GET', path: `/graphql?query=${'%7B'.repeat(34_000)}` }), expected: '431 HEADERS_TOO_LARGE', noSql: true },
  { category: 'methods', name: 'DELETE /export/network.graphml', request: () => ({ method: 'DELETE', path: '/export/network.graphml' }), expected: '405 METHOD_NOT_ALLOWED', noSql: true },
  { category: 'methods', name: 'an export with a centre that is no id and depth 99', request: () => ({ method: 'GET', path: '/export/network.graphml?center=%00garbage&depth=99' }), expected: '400 BAD_USER_INPUT', noSql: true },
  { category: 'methods', name: 'a path that does not exist', request: () => ({ method: 'GET', path: '/../../etc/passwd' }), expected: '404 NOT_FOUND', noSql: true },
  { category: 'operations', name: 'operationName naming nothing', request: () => gqlPost(`query Front ${SMALL_PAGE}`, undefined, { operationName: 'Nothing' }), expected: '400 OPERATION_RESOLUTION_FAILURE', noSql: true },
  { category: 'operations', name: 'two operations, no operationName', request: () => gqlPost(`query A ${SMALL_PAGE} query B ${SMALL_PAGE}`), expected: '400 OPERATION_RESOLUTION_FAILURE', noSql: true },
  { category: 'operations', name: 'a subscription over HTTP', request: (t) => gqlPost(`subscription { commentAdded(articleId: "${t.articleId}") { id } }`), expected: '400 BAD_REQUEST', noSql: true },

  // ---- variables
  { category: 'variables', name: 'a variable nested 10,000 levels deep', request: () => rawPost(`{"query":${JSON.stringify(BY_SLUG)},"variables":{"slug":${nestedJson(10_000)}}}`), expected: '400 QUERY_TOO_COMPLEX', noSql: true },
  { category: 'variables', name: 'a variable nested 500 levels deep (within the values limit)', request: () => rawPost(`{"query":${JSON.stringify(BY_SLUG)},"variables":{"slug":${nestedJson(500)}}}`), expected: '400 BAD_USER_INPUT', noSql: true },
  { category: 'variables', name: 'an undeclared variable nested 10,000 levels deep', request: () => rawPost(`{"query":${JSON.stringify(SMALL_PAGE)},"variables":{"x":${nestedJson(10_000)}}}`), expected: '400 QUERY_TOO_COMPLEX', noSql: true },
  { category: 'variables', name: 'an input object nested 10,000 levels deep', request: () => rawPost(`{"query":"query ($f: ArticleFilter) { articles(first: 1, filter: $f) { totalCount } }","variables":{"f":${nestedJson(10_000)}}}`), expected: '400 QUERY_TOO_COMPLEX', noSql: true },
  { category: 'variables', name: '__proto__ key in an input object', request: () => rawPost(`{"query":"query ($f: ArticleFilter) { articles(first: 1, filter: $f) { totalCount } }","variables":{"f":{"__proto__":{"language":"xx"}}}}`), expected: '400 BAD_USER_INPUT', noSql: true },
  { category: 'variables', name: '__proto__ and constructor as variables', request: () => rawPost(`{"query":${JSON.stringify(BY_SLUG)},"variables":{"__proto__":{"slug":"x"},"constructor":{"prototype":{"polluted":1}}}}`), expected: '400 BAD_USER_INPUT', noSql: true },
  { category: 'variables', name: '2,000 variables declared', request: () => gqlPost(`query (${Array.from({ length: 2000 }, (_, i) => `$v${i}: Int`).join(', ')}) { articles(first: 1) { totalCount } }`), expected: '400 QUERY_TOO_COMPLEX', noSql: true },
  { category: 'variables', name: '1,000 variables declared, none used', request: () => gqlPost(`query (${Array.from({ length: 1000 }, (_, i) => `$v${i}: Int`).join(', ')}) { articles(first: 1) { totalCount } }`), expected: '400 GRAPHQL_VALIDATION_FAILED', noSql: true },

  // ---- text that PostgreSQL cannot hold, or that is not Unicode
  // PostgreSQL text cannot hold NUL: the statement's refusal is answered as the client's error.
  { category: 'text', name: 'NUL in a slug variable', request: () => gqlPost(BY_SLUG, { slug: 'renforcement\u0000' }), expected: '200 BAD_USER_INPUT', noSql: false },
  { category: 'text', name: 'NUL in a search', request: () => gqlPost(SEARCH, { q: 'hammouchi\u0000' }), expected: '200 BAD_USER_INPUT', noSql: false },
  { category: 'text', name: 'NUL in a filter, written in the query', request: () => gqlPost('{ articles(first: 1, filter: { language: "fr\\u0000" }) { totalCount } }'), expected: '200 BAD_USER_INPUT', noSql: false },
  { category: 'text', name: 'NUL in a people name filter', request: () => gqlPost('query ($n: String) { people(first: 3, name: $n) { edges { node { name } } } }', { n: '\u0000' }), expected: '200 BAD_USER_INPUT', noSql: false },
  // JSON may escape half a surrogate pair; it reaches SQL as U+FFFD (pg encodes UTF-8) and matches nothing special.
  { category: 'text', name: 'a lone surrogate in a search variable', request: () => rawPost(`{"query":${JSON.stringify(SEARCH)},"variables":{"q":"maroc \\ud800"}}`), expected: '200 data', noSql: false },
  { category: 'text', name: 'a lone surrogate written in the query', request: () => rawPost(`{"query":"{ article(slug: \\"\\\\ud800\\") { title } }"}`), expected: '400 GRAPHQL_PARSE_FAILED', noSql: true },

  // ---- ids and cursors
  { category: 'cursors', name: 'after: "garbage"', request: () => gqlPost('{ articles(first: 2, after: "garbage") { edges { node { title } } } }'), expected: '200 BAD_USER_INPUT', noSql: true },
  { category: 'cursors', name: 'after: base64 of crafted JSON (SQL in the sort key)', request: () => gqlPost(`{ articles(first: 2, after: "${base64url(`["2024-01-01' OR 1=1 --", 1]`)}") { edges { node { title } } } }`), expected: '200 BAD_USER_INPUT', noSql: true },
  { category: 'cursors', name: 'after: base64 of a huge row id', request: () => gqlPost(`{ articles(first: 2, after: "${base64url('["2024-01-01T00:00:00.000Z", 99999999999999999999]')}") { edges { node { title } } } }`), expected: '200 BAD_USER_INPUT', noSql: true },
  { category: 'global ids', name: 'node(id: "garbage")', request: () => gqlPost('{ node(id: "garbage") { id } }'), expected: '200 BAD_USER_INPUT', noSql: true },
  { category: 'global ids', name: 'node(id:) of a type that does not exist', request: () => gqlPost(`{ node(id: "${base64url('User:1')}") { id } }`), expected: '200 BAD_USER_INPUT', noSql: true },
  { category: 'global ids', name: 'node(id:) of an overflowing row id', request: () => gqlPost(`{ node(id: "${base64url('Article:99999999999')}") { id } }`), expected: '200 BAD_USER_INPUT', noSql: true },
  { category: 'global ids', name: 'network(center:) an article id', request: (t) => gqlPost(`{ network(center: "${t.articleId}") { nodes { id } } }`), expected: '200 BAD_USER_INPUT', noSql: true },
  { category: 'global ids', name: 'network(depth: 100)', request: (t) => gqlPost(`{ network(center: "${t.personId}", depth: 100) { nodes { id } } }`), expected: '200 BAD_USER_INPUT', noSql: true },

  // ---- search strings: answered as the words they hold, never as tsquery syntax
  { category: 'search', name: '300 characters', request: () => gqlPost(SEARCH, { q: 'maroc '.repeat(50) }), expected: '200 BAD_USER_INPUT', noSql: true },
  { category: 'search', name: 'only punctuation, search-as-you-type', request: () => gqlPost('{ search(query: "?!.,", mode: PREFIX) { totalCount } }'), expected: '200 BAD_USER_INPUT', noSql: true },
  { category: 'search', name: 'only punctuation', request: () => gqlPost(SEARCH, { q: '!!! ??? ... ;;; ,,,' }), expected: '200 data', noSql: false },
  { category: 'search', name: 'tsquery operators', request: () => gqlPost(SEARCH, { q: "!maroc & (belgique | :*) <-> 'x' <2> \\" }), expected: '200 data', noSql: false },
  { category: 'search', name: 'SQL and LIKE wildcards', request: () => gqlPost(SEARCH, { q: "%_%' OR '1'='1" }), expected: '200 data', noSql: false },

  // ---- directives and names
  { category: 'directives', name: '@skip(if: false) 1,000 times on one field', request: () => gqlPost(`{ articles(first: 1) ${'@skip(if: false) '.repeat(1000)}{ totalCount } }`), expected: '400 QUERY_TOO_COMPLEX', noSql: true },
  { category: 'directives', name: '@skip(if: false) 100 times on one field', request: () => gqlPost(`{ articles(first: 1) ${'@skip(if: false) '.repeat(100)}{ totalCount } }`), expected: '400 GRAPHQL_VALIDATION_FAILED', noSql: true },
  { category: 'directives', name: 'an unknown directive', request: () => gqlPost('{ articles(first: 1) @cost(weight: 0) { totalCount } }'), expected: '400 GRAPHQL_VALIDATION_FAILED', noSql: true },
  { category: 'names', name: 'a field name of 100,000 characters', request: () => gqlPost(`{ ${'a'.repeat(100_000)} }`), expected: '400 GRAPHQL_VALIDATION_FAILED', noSql: true },
  { category: 'names', name: 'an alias of 100,000 characters', request: () => gqlPost(`{ ${'a'.repeat(100_000)}: __typename }`), expected: '200 data', noSql: true },
  { category: 'names', name: '__proto__ and constructor as aliases', request: () => gqlPost('{ __proto__: articles(first: 1) { totalCount } constructor: __typename }'), expected: '200 data', noSql: false },

  // ---- who is asking
  { category: 'tokens', name: 'an unknown bearer token', request: () => gqlPost(SMALL_PAGE, undefined, {}, { authorization: `Bearer ${'x'.repeat(43)}` }), expected: '401 UNAUTHENTICATED', underSustainedAbuse: ['429 RATE_LIMITED'], noSql: false },
  { category: 'tokens', name: 'a 100 KB bearer token', request: () => gqlPost(SMALL_PAGE, undefined, {}, { authorization: `Bearer ${'x'.repeat(100_000)}` }), expected: '431 HEADERS_TOO_LARGE', noSql: true },
  { category: 'tokens', name: 'Basic credentials', request: () => gqlPost(SMALL_PAGE, undefined, {}, { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` }), expected: '401 UNAUTHENTICATED', underSustainedAbuse: ['429 RATE_LIMITED'], noSql: true },
  { category: 'tokens', name: 'a staff query without a token', request: () => gqlPost('{ moderationQueue(first: 5) { totalCount } }'), expected: '200 UNAUTHENTICATED', noSql: true },
  { category: 'introspection', name: '__schema without a staff token (production)', request: () => gqlPost('{ __schema { types { name } } }'), expected: '400 INTROSPECTION_DISABLED', noSql: true },
  { category: 'introspection', name: '__type without a staff token (production)', request: () => gqlPost('{ __type(name: "Comment") { fields { name } } }'), expected: '400 INTROSPECTION_DISABLED', noSql: true },
  { category: 'introspection', name: 'a misspelt field (no "Did you mean" in production)', request: () => gqlPost('{ articles(first: 1) { edges { node { emial } } } }'), expected: '400 GRAPHQL_VALIDATION_FAILED', noSql: true },

  // ---- comments
  { category: 'invisible names', name: 'a commenter name of zero-width spaces', request: (t) => gqlPost(ADD_COMMENT, comment(t, { authorName: '\u200b\u200b\u200b' })), expected: '200 userError authorName', noSql: true },
  { category: 'invisible names', name: 'a commenter name of a Hangul filler and a soft hyphen', request: (t) => gqlPost(ADD_COMMENT, comment(t, { authorName: '\u3164\u00ad' })), expected: '200 userError authorName', noSql: true },
  { category: 'invisible names', name: 'a right-to-left override in a comment body', request: (t) => gqlPost(ADD_COMMENT, comment(t, { body: 'bonjour \u202egnp.exe' })), expected: '200 userError body', noSql: true },
  { category: 'invisible names', name: 'NUL in a comment body', request: (t) => gqlPost(ADD_COMMENT, comment(t, { body: 'bon\u0000jour' })), expected: '200 userError body', noSql: true },

  // ---- expensive within the limits: run, on the expensive share of the pool (src/db/pool-share.ts)
  {
    category: 'expensive', name: '100 articles with bodies, their people and 20 articles of each (42,201 nodes)',
    request: () => gqlPost('{ articles(first: 100) { edges { node { title body people { name articles(first: 20) { edges { node { title lead } } } } } } } }'),
    expected: '200 data', underSustainedAbuse: ['503 SERVICE_UNAVAILABLE', '504 DEADLINE_EXCEEDED'], noSql: false,
  },

  // ---- going away
  { category: 'disconnects', name: 'a client that leaves before the answer', request: () => ({ ...gqlPost('{ articles(first: 100) { edges { node { title body people { name } } } } }'), disconnect: true }), expected: 'client gone', noSql: false },
];

export interface HostileResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Writes bytes on a connection and reads the answer until the server closes it. */
function sendRaw(url: URL, bytes: string): Promise<HostileResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port) }, () => socket.write(bytes));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head, ...body] = text.split('\r\n\r\n');
      const headers: http.IncomingHttpHeaders = {};
      for (const line of head.split('\r\n').slice(1)) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), headers, body: body.join('\r\n\r\n') });
    });
  });
}

/** Sends one case over a fresh connection, exactly as written (no client library tidying it up). */
export function sendHostile(baseUrl: string, request: HostileRequest): Promise<HostileResponse | 'client gone'> {
  const url = new URL(baseUrl);
  if (request.raw !== undefined) return sendRaw(url, request.raw);
  const body = request.body === undefined ? undefined : Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body, 'utf8');
  const headers: Record<string, string> = { ...request.headers };
  if (body && !request.chunked) headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: request.path ?? '/graphql', method: request.method ?? 'POST', headers, agent: false });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', (e) => (request.disconnect ? resolve('client gone') : reject(e)));
    if (request.disconnect) req.on('finish', () => setImmediate(() => (req.destroy(), resolve('client gone'))));
    if (!body) return void req.end();
    if (!request.chunked) return void req.end(body);
    // Chunked: written in 64 KB pieces, waiting for the socket as a streaming client does.
    let sent = 0;
    const write = () => {
      while (sent < body.length) {
        const piece = body.subarray(sent, sent + 65_536);
        sent += piece.length;
        if (!req.write(piece)) return void req.once('drain', write);
      }
      req.end();
    };
    write();
  });
}

/** The outcome of a case as `HostileCase.expected` spells it. */
export function outcomeOf(response: HostileResponse | 'client gone'): string {
  if (response === 'client gone') return response;
  let parsed: any;
  try {
    parsed = JSON.parse(response.body);
  } catch {
    return `${response.status} not JSON`;
  }
  const code = parsed?.errors?.[0]?.extensions?.code;
  if (code) return `${response.status} ${code}`;
  const payload = parsed?.data && Object.values(parsed.data)[0];
  const userError = (payload as { userErrors?: { field: string }[] } | null)?.userErrors?.[0];
  if (userError) return `${response.status} userError ${userError.field}`;
  return parsed?.data ? `${response.status} data` : `${response.status} no data`;
}
