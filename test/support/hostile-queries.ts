/**
 * Operations a hostile client sends to exhaust the service (issue 13), as the cost analysis
 * (src/schema/cost.ts) sees them; shared by its tests and the hostile-request suites.
 */

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
