import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../src/config';
import { decodeGlobalId } from '../../src/schema/global-id';

export const operation = (name: string) => fs.readFileSync(path.join(projectRoot, 'operations', `${name}.graphql`), 'utf8');

/** The first 5 approved comments of each article, added to front-page.graphql for the comparison. */
const FIRST_COMMENTS = 'comments(first: 5) { edges { node { id authorName body createdAt } } }';

/** front-page.graphql as written, plus the first 5 comments per article. */
export function frontPageWithComments(): string {
  const text = operation('front-page');
  const withComments = text.replace(/^(\s*)commentCount\s*$/m, (line, indent: string) => `${line}\n${indent}${FIRST_COMMENTS}`);
  if (withComments === text) throw new Error('compare: front-page.graphql has no commentCount line to add comments after');
  return withComments;
}

/**
 * The same data from PostGraphile's generated schema (Amber preset): the article's entities
 * through article_entity in reading order (split by kind when compared), its topics, and the
 * first 5 approved top-level comments oldest first.
 */
export const POSTGRAPHILE_FRONT_PAGE = `query FrontPage($first: Int!) {
  allArticles(first: $first, orderBy: [PUBLISHED_AT_DESC, PRIMARY_KEY_DESC]) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node {
        rowId slug title lead publishedAt language commentCount
        articleEntitiesByArticleId(orderBy: [FIRST_START_ASC]) { nodes { entityByEntityId { rowId kind slug name acronym } } }
        articleTopicsByArticleId { nodes { topicByTopicId { slug label } } }
        commentsByArticleId(first: 5, orderBy: [CREATED_AT_ASC, PRIMARY_KEY_ASC], condition: { status: "approved", parentId: null }) {
          nodes { rowId authorName body createdAt }
        }
      }
    }
  }
}`;

/** Front-page data in one shape whoever served it: numeric ids, ISO instants in ms, topics by label. */
export interface CanonicalFrontPage {
  totalCount: number;
  hasNextPage: boolean;
  articles: {
    id: number; slug: string; title: string; lead: string | null; publishedAt: string; language: string; commentCount: number;
    people: { id: number; slug: string; name: string }[];
    organizations: { id: number; slug: string; name: string; acronym: string | null }[];
    places: { id: number; slug: string; name: string }[];
    topics: { slug: string; label: string }[];
    comments: { id: number; authorName: string; body: string; createdAt: string }[];
  }[];
}

const numericId = (globalId: string) => {
  const decoded = decodeGlobalId(globalId);
  if (!decoded) throw new Error(`compare: not one of our global ids: ${globalId}`);
  return decoded.id;
};
const instant = (value: string) => new Date(value).toISOString();
const byLabel = (a: { slug: string; label: string }, b: { slug: string; label: string }) =>
  a.label < b.label ? -1 : a.label > b.label ? 1 : a.slug < b.slug ? -1 : 1;

/** Our service's (and the floor's) answer to frontPageWithComments(). */
export function canonicalFromOurs(data: any): CanonicalFrontPage {
  const { articles } = data;
  return {
    totalCount: articles.totalCount,
    hasNextPage: articles.pageInfo.hasNextPage,
    articles: articles.edges.map(({ node: a }: any) => ({
      id: numericId(a.id), slug: a.slug, title: a.title, lead: a.lead, publishedAt: instant(a.publishedAt), language: a.language,
      commentCount: a.commentCount,
      people: a.people.map((e: any) => ({ id: numericId(e.id), slug: e.slug, name: e.name })),
      organizations: a.organizations.map((e: any) => ({ id: numericId(e.id), slug: e.slug, name: e.name, acronym: e.acronym })),
      places: a.places.map((e: any) => ({ id: numericId(e.id), slug: e.slug, name: e.name })),
      topics: a.topics.map((t: any) => ({ slug: t.slug, label: t.label })).sort(byLabel),
      comments: a.comments.edges.map(({ node: c }: any) => ({ id: numericId(c.id), authorName: c.authorName, body: c.body, createdAt: instant(c.createdAt) })),
    })),
  };
}

/** PostGraphile's answer to POSTGRAPHILE_FRONT_PAGE. */
export function canonicalFromPostGraphile(data: any): CanonicalFrontPage {
  const { allArticles } = data;
  return {
    totalCount: allArticles.totalCount,
    hasNextPage: allArticles.pageInfo.hasNextPage,
    articles: allArticles.edges.map(({ node: a }: any) => {
      const entities = a.articleEntitiesByArticleId.nodes.map((n: any) => n.entityByEntityId);
      const ofKind = (kind: string) => entities.filter((e: any) => e.kind === kind);
      return {
        id: a.rowId, slug: a.slug, title: a.title, lead: a.lead, publishedAt: instant(a.publishedAt), language: a.language,
        commentCount: a.commentCount,
        people: ofKind('person').map((e: any) => ({ id: e.rowId, slug: e.slug, name: e.name })),
        organizations: ofKind('organization').map((e: any) => ({ id: e.rowId, slug: e.slug, name: e.name, acronym: e.acronym })),
        places: ofKind('place').map((e: any) => ({ id: e.rowId, slug: e.slug, name: e.name })),
        topics: a.articleTopicsByArticleId.nodes.map((n: any) => ({ slug: n.topicByTopicId.slug, label: n.topicByTopicId.label })).sort(byLabel),
        comments: a.commentsByArticleId.nodes.map((c: any) => ({ id: c.rowId, authorName: c.authorName, body: c.body, createdAt: instant(c.createdAt) })),
      };
    }),
  };
}

/** Keys in one order, so JSON texts compare equal whatever order a server wrote them in. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortedKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/** Null when equal; else where they first differ (a path and both values, shortened). */
export function difference(a: unknown, b: unknown, at = '$'): string | null {
  if (JSON.stringify(sortedKeys(a)) === JSON.stringify(sortedKeys(b))) return null;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    if (Array.isArray(a) !== Array.isArray(b)) return `${at}: an array on one side only`;
    if (Array.isArray(a) && Array.isArray(b) && a.length !== b.length) return `${at}: ${a.length} items vs ${b.length}`;
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      const d = difference((a as any)[key], (b as any)[key], `${at}.${key}`);
      if (d) return d;
    }
  }
  return `${at}: ${JSON.stringify(a)?.slice(0, 120)} vs ${JSON.stringify(b)?.slice(0, 120)}`;
}
