import type { EntityTrendResolvers, QueryResolvers } from '../generated/graphql';
import { expectGlobalId } from '../schema/global-id';
import { storedValue } from '../schema/scalars';
import { entityArgument } from '../services/graph/arguments';
import { trendingEntities, trendWindows } from '../services/trends/trends';

export const trendQuery: Pick<QueryResolvers, 'trendingEntities'> = {
  trendingEntities: async (_, { kind, country, recentDays, baselineDays, asOf, first }, ctx) => {
    const windows = trendWindows(recentDays, baselineDays, first);
    let countryId: number | null = null;
    if (country != null) {
      expectGlobalId('country', country, ['Place']);
      countryId = (await entityArgument('country', country, (id) => ctx.loaders.entityById.load(id))).id;
    }
    return trendingEntities(ctx.db, { ...windows, kind: kind ? storedValue(kind) : null, countryId, asOf: asOf ?? new Date() });
  },
};

export const EntityTrend: EntityTrendResolvers = {
  // A trending entity is one the statement just read, not merged: the loader finds it.
  entity: async (t, _, ctx) => (await ctx.loaders.entityById.load(t.entityId))!,
};
