import { GraphQLError } from 'graphql';
import type { CandidateSightingResolvers, MutationResolvers, QueryResolvers } from '../generated/graphql';
import { ENTITY_TYPES, expectGlobalId } from '../schema/global-id';
import { storedValue } from '../schema/scalars';
import { listArchiveCandidates } from '../services/candidates/archive';
import { promoteCandidate } from '../services/curation/promote-candidate';
import { jobView } from './Job';
import { requireEditor } from './staff';

const within = (name: string, value: number, min: number, max: number) => {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new GraphQLError(`${name}: expected ${min} to ${max}, got ${value}`, { extensions: { code: 'BAD_USER_INPUT', argument: name } });
  }
  return value;
};

export const candidateQuery: QueryResolvers = {
  candidates: async (_, args, ctx) => {
    requireEditor(ctx, 'candidates');
    return listArchiveCandidates(ctx.db, {
      kind: args.kind ?? null,
      first: within('first', args.first ?? 20, 0, 100),
      offset: within('offset', args.offset ?? 0, 0, 10_000),
      minArticles: within('minArticles', args.minArticles ?? 1, 1, 1_000),
    });
  },
};


export const CandidateSighting: CandidateSightingResolvers = {
  article: async (s, _, ctx) => {
    const article = await ctx.loaders.articleById.load(s.articleId);
    if (!article) throw new Error(`candidate sighting of missing article ${s.articleId}`);
    return article;
  },
};

export const CandidateMutations: MutationResolvers = {
  promoteCandidate: async (_, { input }, ctx) => {
    requireEditor(ctx, 'promoteCandidate');
    if (input.aliasOf != null && (input.kind != null || input.name != null)) {
      const field = input.kind != null ? 'kind' : 'name';
      return { entity: null, job: null, userErrors: [{ field, code: 'INVALID', message: `${field}: not with aliasOf (the entity keeps its own)` }] };
    }
    const aliasOf = input.aliasOf != null ? expectGlobalId('aliasOf', input.aliasOf, ENTITY_TYPES).id : null;
    const result = await promoteCandidate(ctx.db, { key: input.key, kind: input.kind ? storedValue(input.kind) : null, name: input.name, aliasOf });
    if (result.entity) ctx.logger.info({ entity: result.entity.id, job: result.job?.id }, 'candidate promoted');
    return { entity: result.entity, job: result.job ? jobView(result.job) : null, userErrors: result.userErrors };
  },
};
