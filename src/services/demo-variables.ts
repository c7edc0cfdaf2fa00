import type { DataSource } from 'typeorm';
import { toGlobalId } from '../schema/global-id';

/** Replaced, in the tabs' variables, by a value of its own at every run (GraphiQL's fetcher, src/http/graphiql.ts). */
export const UNIQUE_PLACEHOLDER = '{{unique}}';

/**
 * Variables for GraphiQL's opening tabs that work on whatever the database holds: the
 * seed article's people when they are there, otherwise the newest article and the most
 * mentioned people.
 */
export async function demoVariables(ds: DataSource): Promise<Record<string, object>> {
  const [article] = await ds.query(`SELECT slug FROM article ORDER BY published_at DESC, id DESC LIMIT 1`);
  const people: { id: number; slug: string }[] = await ds.query(
    `SELECT e.id, e.slug FROM entity e
      WHERE e.kind = 'person' AND e.merged_into_id IS NULL
      ORDER BY (e.slug = 'abdellatif-hammouchi') DESC, (e.slug = 'francisca-bostyn') DESC, (e.slug = 'eric-snoek') DESC,
               (SELECT count(*) FROM article_entity ae WHERE ae.entity_id = e.id) DESC, e.id
      LIMIT 3`,
  );
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
