import type { ExternalIdentifierResolvers, MutationResolvers, PersonResolvers, QueryResolvers } from '../generated/graphql';
import { ENTITY_TYPES, entityKindOf, expectGlobalId } from '../schema/global-id';
import { entityIdByIdentifier, setEntityIdentifiers } from '../services/identifiers/identifiers';
import { requireEditor } from './staff';

/** `identifiers` of Person, Organization and Place: the same field on each. */
export const identifiersField: Pick<PersonResolvers, 'identifiers'> = {
  identifiers: (e, _, ctx) => ctx.loaders.identifiersByEntityId.load(e.id),
};

export const ExternalIdentifier: ExternalIdentifierResolvers = {
  // Every stored scheme is a known one (the service checks it): it has a page.
  url: (i) => i.url ?? i.value,
};

export const identifierQuery: Pick<QueryResolvers, 'entityByIdentifier'> = {
  entityByIdentifier: async (_, { scheme, value }, ctx) => {
    const id = await entityIdByIdentifier(ctx.db, scheme, value);
    return id === null ? null : ctx.loaders.entityById.load(id);
  },
};

export const IdentifierMutations: Pick<MutationResolvers, 'setEntityIdentifiers'> = {
  setEntityIdentifiers: async (_, { id, identifiers }, ctx) => {
    requireEditor(ctx, 'setEntityIdentifiers');
    const target = expectGlobalId('id', id, ENTITY_TYPES);
    return setEntityIdentifiers(ctx.db, target.id, entityKindOf(target.type)!, identifiers);
  },
};
