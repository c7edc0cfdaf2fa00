import {
  canonicalFromOurs, canonicalFromPostGraphile, difference, frontPageWithComments, operation, POSTGRAPHILE_FRONT_PAGE,
} from './operations';

/** POSTs one GraphQL request; the data, or an error naming the server and its first error. */
export async function post(url: string, query: string, variables: Record<string, unknown>, server: string): Promise<any> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${server}: HTTP ${res.status}, not JSON: ${text.slice(0, 200)}`);
  }
  if (res.status !== 200 || body.errors?.length) throw new Error(`${server}: HTTP ${res.status}: ${body.errors?.[0]?.message ?? text.slice(0, 200)}`);
  return body.data;
}

export interface EquivalenceTargets {
  ours: string;
  floor: string;
  /** Left out when PostGraphile is not part of the check. */
  postgraphile?: string;
  articleSlugs: string[];
  personSlugs: string[];
  /** who-met-whom's window, when the check should cover one. */
  window?: { from: string; to: string };
}

/**
 * Checks, before any timing, that every peer answers each benchmarked operation with the
 * same data as our service: the front page (with comments) from all three, the article page
 * and who-met-whom from the floor, over the given slugs. Throws at the first difference.
 * Returns what was compared, for the report.
 */
export async function checkSameData(t: EquivalenceTargets): Promise<string[]> {
  const checked: string[] = [];
  const frontPage = frontPageWithComments();
  for (const first of [20, 3]) {
    const ours = canonicalFromOurs(await post(t.ours, frontPage, { first }, 'our service'));
    if (ours.articles.length === 0) throw new Error('compare: the front page is empty; nothing to compare');
    const floor = canonicalFromOurs(await post(t.floor, frontPage, { first }, 'the floor'));
    const d1 = difference(ours, floor);
    if (d1) throw new Error(`compare: the floor's front page (first ${first}) differs from ours at ${d1}`);
    if (t.postgraphile) {
      const pgl = canonicalFromPostGraphile(await post(t.postgraphile, POSTGRAPHILE_FRONT_PAGE, { first }, 'PostGraphile'));
      const d2 = difference(ours, pgl);
      if (d2) throw new Error(`compare: PostGraphile's front page (first ${first}) differs from ours at ${d2}`);
    }
  }
  checked.push(`front page with comments (first 20 and 3): ours = floor${t.postgraphile ? ' = PostGraphile' : ''}`);

  const sameAsOurs = async (name: string, variables: Record<string, unknown>) => {
    const query = operation(name);
    const ours = await post(t.ours, query, variables, 'our service');
    const floor = await post(t.floor, query, variables, 'the floor');
    const d = difference(ours, floor);
    if (d) throw new Error(`compare: the floor's ${name} ${JSON.stringify(variables)} differs from ours at ${d}`);
    return ours;
  };
  let found = 0;
  for (const slug of t.articleSlugs) if ((await sameAsOurs('article-page', { slug })).article) found++;
  await sameAsOurs('article-page', { slug: 'no-such-article' });
  checked.push(`article page: ours = floor on ${t.articleSlugs.length} articles (${found} found) and a missing one`);

  let met = 0;
  for (const slug of t.personSlugs) {
    const data = await sameAsOurs('who-met-whom', { slug });
    if (data.person?.met.edges.length) met++;
    if (t.window) await sameAsOurs('who-met-whom', { slug, ...t.window });
  }
  checked.push(`who-met-whom: ours = floor on ${t.personSlugs.length} people (${met} with meetings)${t.window ? ', with and without a date window' : ''}`);
  return checked;
}
