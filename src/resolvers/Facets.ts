import type { ArticleFacetsResolvers, EntityFacetValueResolvers, QueryResolvers, SourceFacetValueResolvers, TopicFacetValueResolvers } from '../generated/graphql';
import { parseArticleFilter } from '../services/articles/article-filter';
import { facetCounts, facetTotal } from '../services/facets/facets';

/** `Query.articleFacets`: the filter is checked here; each facet field counts when selected. */
export const facetQuery: Pick<QueryResolvers, 'articleFacets'> = {
  articleFacets: (_, { filter, excludeOwnSelection }) => ({ filter: parseArticleFilter(filter), excludeOwnSelection }),
};

export const ArticleFacets: ArticleFacetsResolvers = {
  totalCount: (r, _, ctx) => facetTotal(ctx.db, r.filter),
  people: (r, { limit }, ctx) => facetCounts(ctx.db, r, 'person', limit),
  organizations: (r, { limit }, ctx) => facetCounts(ctx.db, r, 'organization', limit),
  places: (r, { limit }, ctx) => facetCounts(ctx.db, r, 'place', limit),
  topics: (r, { limit }, ctx) => facetCounts(ctx.db, r, 'topic', limit),
  sources: (r, { limit }, ctx) => facetCounts(ctx.db, r, 'source', limit),
  languages: async (r, { limit }, ctx) => (await facetCounts(ctx.db, r, 'language', limit)).map((c) => ({ language: c.value, count: c.count, selected: c.selected })),
  months: async (r, { limit }, ctx) => (await facetCounts(ctx.db, r, 'month', limit)).map((c) => ({ month: c.value, count: c.count, selected: c.selected })),
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
