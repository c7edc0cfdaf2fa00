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

/** F0 spreads F1 twice, F1 spreads F2 twice … F{levels} selects `leaf`: 2^levels copies of it. */
export function doublingFragments(levels: number, leaf: string): string {
  let fragments = '';
  for (let i = 0; i < levels; i++) fragments += `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }\n`;
  return `{ ...F0 }\n${fragments}fragment F${levels} on Query { ${leaf} }`;
}
