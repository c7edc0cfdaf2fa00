import type { DataSource } from 'typeorm';
import { toGlobalId } from '../schema/global-id';

/** Replaced, in the tabs' variables, by a value of its own at every run (GraphiQL's fetcher, src/http/graphiql.ts). */
export const UNIQUE_PLACEHOLDER = '{{unique}}';

/** The seed article's people, in the order the tabs use them (center, then a path's ends). */
const SEED_PEOPLE = ['abdellatif-hammouchi', 'francisca-bostyn', 'eric-snoek'];

/**
 * Variables for GraphiQL's opening tabs that work on whatever the database holds: the
 * seed article's people when they are there, otherwise the newest article and the most
 * mentioned people.
 */
export async function demoVariables(ds: DataSource): Promise<Record<string, object>> {
  const [article] = await ds.query(`SELECT slug FROM article ORDER BY published_at DESC, id DESC LIMIT 1`);
  // From the maintained prominence, not by counting each person's articles: a worker starts
  // within its statement timeout however large the archive.
  const candidates: { id: number; slug: string }[] = await ds.query(
    `SELECT id, slug FROM (
       (SELECT e.id, e.slug, 0 AS pass, array_position($1::text[], e.slug) AS rank FROM entity e
         WHERE e.slug = ANY($1) AND e.kind = 'person' AND e.merged_into_id IS NULL)
       UNION ALL
       (SELECT e.id, e.slug, 1, row_number() OVER (ORDER BY p.articles DESC, e.id) FROM entity_prominence p JOIN entity e ON e.id = p.entity_id
         WHERE e.kind = 'person' AND e.merged_into_id IS NULL ORDER BY p.articles DESC, e.id LIMIT 3)
       UNION ALL
       (SELECT id, slug, 2, id FROM entity WHERE kind = 'person' AND merged_into_id IS NULL ORDER BY id LIMIT 3)
     ) c ORDER BY pass, rank`,
    [SEED_PEOPLE],
  );
  const people = candidates.filter((p, i) => candidates.findIndex((q) => q.id === p.id) === i).slice(0, 3);
  const [center, from, to] = people;
  const articleId = article ? (await ds.query(`SELECT id FROM article WHERE slug = $1`, [article.slug]))[0].id : null;
  return {
    'article-page': { slug: article?.slug ?? 'no-article-yet' },
    'front-page': { first: 20 },
    'who-met-whom': { slug: center?.slug ?? 'no-person-yet' },
    network: { center: center ? toGlobalId('Person', center.id) : '', depth: 2 },
    path: { from: from ? toGlobalId('Person', from.id) : '', to: to ? toGlobalId('Person', to.id) : '', maxHops: 4 },
    search: { query: 'hamouchi' },
    'add-comment': {
      input: {
        articleId: articleId ? toGlobalId('Article', articleId) : '',
        parentId: null,
        authorName: 'Reader',
        // A new body and address at every run (GraphiQL fills in UNIQUE_PLACEHOLDER): the same body
        // twice is refused as DUPLICATE, and a shared address would share its rate limit.
        email: `reader+${UNIQUE_PLACEHOLDER}@example.org`,
        body: `Merci pour cet article (${UNIQUE_PLACEHOLDER}).`,
      },
    },
    // Needs an EDITOR token (GraphiQL's sign-in bar). Sent again, the same URL and text answer
    // the stored article with created: false, so this tab works at every run without placeholders.
    'ingest-article': {
      input: {
        title: 'Exemple',
        body: 'Abdellatif Hammouchi a reçu Eric Snoek à Rabat.',
        url: 'https://example.org/exemple',
        publishedAt: new Date().toISOString(),
        language: 'fr',
        source: 'Example',
      },
    },
  };
}
