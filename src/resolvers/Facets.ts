import type { ArticleFacetsResolvers, EntityFacetValueResolvers, QueryResolvers, SourceFacetValueResolvers, TopicFacetValueResolvers } from '../generated/graphql';
import { parseArticleFilter } from '../services/articles/article-filter';
import { FacetRequest } from '../services/facets/facets';

/** `Query.articleFacets`: the filter is checked here; the facet fields selected are counted together. */
export const facetQuery: Pick<QueryResolvers, 'articleFacets'> = {
  articleFacets: (_, { filter, excludeOwnSelection }, ctx) => new FacetRequest(ctx.db, parseArticleFilter(filter), excludeOwnSelection),
};

export const ArticleFacets: ArticleFacetsResolvers = {
  totalCount: async (r) => (await r.total()).count,
  totalCountIsExact: async (r) => (await r.total()).exact,
  countsAreExact: (r) => r.countsAreExact(),
  people: (r, { limit }) => r.counts('person', limit),
  organizations: (r, { limit }) => r.counts('organization', limit),
  places: (r, { limit }) => r.counts('place', limit),
  topics: (r, { limit }) => r.counts('topic', limit),
  sources: (r, { limit }) => r.counts('source', limit),
  languages: async (r, { limit }) => (await r.counts('language', limit)).map((c) => ({ language: c.value, count: c.count, selected: c.selected })),
  months: async (r, { limit }) => (await r.counts('month', limit)).map((c) => ({ month: c.value, count: c.count, selected: c.selected })),
};

// A value counted is a row that exists: the loaders find it (null only if deleted meanwhile, which the schema's non-null reports).
export const EntityFacetValue: EntityFacetValueResolvers = {
  entity: async (c, _, ctx) => (await ctx.loaders.entityById.load(Number(c.value)))!,
};
export const TopicFacetValue: TopicFacetValueResolvers = {
  topic: async (c, _, ctx) => (await ctx.loaders.topicById.load(Number(c.value)))!,
};
export const SourceFacetValue: SourceFacetValueResolvers = {
  source: async (c, _, ctx) => (await ctx.loaders.sourceById.load(Number(c.value)))!,
};
