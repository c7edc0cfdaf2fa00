import type { TestServer } from '../../support/server';

/** An `articles` page, forward (first/after) or backward (last/before), its slugs only. */
const PAGE = `query ($first: Int, $after: String, $last: Int, $before: String, $filter: ArticleFilter, $orderBy: ArticleOrder) {
  articles(first: $first, after: $after, last: $last, before: $before, filter: $filter, orderBy: $orderBy) {
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { node { slug } }
  }
}`;

export type ListingOrder = 'PUBLISHED_AT_DESC' | 'PUBLISHED_AT_ASC';

/** Every page of a filtered listing, `size` at a time, forward or backward: the slugs in the listing's order. */
export async function allPages(server: TestServer, filter: object, orderBy: ListingOrder, size: number, backward = false): Promise<string[]> {
  const slugs: string[] = [];
  let cursor: string | undefined;
  for (let n = 0; n < 1000; n++) {
    const res = await server.gql(PAGE, backward ? { last: size, before: cursor, filter, orderBy } : { first: size, after: cursor, filter, orderBy });
    expect(res.errors).toBeUndefined();
    const { edges, pageInfo } = res.data.articles;
    const page = edges.map((e: any) => e.node.slug);
    if (backward) slugs.unshift(...page);
    else slugs.push(...page);
    if (!(backward ? pageInfo.hasPreviousPage : pageInfo.hasNextPage)) return slugs;
    cursor = backward ? pageInfo.startCursor : pageInfo.endCursor;
  }
  throw new Error('more than 1,000 pages');
}
