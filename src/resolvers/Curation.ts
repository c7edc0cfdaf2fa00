import type { MutationResolvers } from '../generated/graphql';
import { storedValue } from '../schema/scalars';
import { ENTITY_TYPES, entityKindOf, expectGlobalId } from '../schema/global-id';
import { requestReclean } from '../services/curation/reclean';
import { createEntity, updateEntity } from '../services/curation/entities';
import { mergeEntities } from '../services/curation/merge';
import { requestRelink } from '../services/curation/relink';
import { jobView } from './Job';
import { requireEditor } from './staff';

export const CurationMutations: MutationResolvers = {
  createEntity: async (_, { input }, ctx) => {
    requireEditor(ctx, 'createEntity');
    const { kind, placeKind, ...fields } = input;
    const result = await createEntity(ctx.db, storedValue(kind), { ...fields, placeKind: placeKind && storedValue(placeKind) });
    return { entity: result.entity, userErrors: result.userErrors };
  },
  updateEntity: async (_, { id, input }, ctx) => {
    requireEditor(ctx, 'updateEntity');
    const target = expectGlobalId('id', id, ENTITY_TYPES);
    const { placeKind, ...fields } = input;
    const result = await updateEntity(ctx.db, target.id, entityKindOf(target.type)!, {
      ...fields,
      placeKind: placeKind && storedValue(placeKind),
    });
    return { entity: result.entity, userErrors: result.userErrors };
  },
  mergeEntities: async (_, { from, into }, ctx) => {
    requireEditor(ctx, 'mergeEntities');
    const fromId = expectGlobalId('from', from, ENTITY_TYPES).id;
    const intoId = expectGlobalId('into', into, ENTITY_TYPES).id;
    const result = await mergeEntities(ctx.db, fromId, intoId);
    if (result.entity) ctx.logger.info({ from: fromId, into: intoId }, 'entities merged');
    return { entity: result.entity, userErrors: result.userErrors };
  },
  relink: async (_, { entity }, ctx) => {
    requireEditor(ctx, 'relink');
    const result = await requestRelink(ctx.db, expectGlobalId('entity', entity, ENTITY_TYPES).id);
    return { job: result.job ? jobView(result.job) : null, userErrors: result.userErrors };
  },
  recleanArticles: async (_, { articles }, ctx) => {
    requireEditor(ctx, 'recleanArticles');
    const ids = articles?.map((id, i) => expectGlobalId(`articles[${i}]`, id, ['Article']).id);
    const result = await requestReclean(ctx.db, ids);
    return { job: result.job ? jobView(result.job) : null, userErrors: result.userErrors };
  },
};
