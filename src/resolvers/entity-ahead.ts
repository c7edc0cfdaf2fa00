import type { GraphQLResolveInfo } from 'graphql';
import type { Loaders } from '../loaders';
import { readEntity, type EntityAhead, type ReadEntity } from '../services/entities/read-entity';
import type { RequestContext } from '../http/context';
import type { EntityKind } from '../entities';
import { childFields, connectionNodeFields, fieldCalls, onePage } from './selection';
import { entityArticlesPage } from './Entity';

const TYPE_OF_KIND = { person: 'Person', organization: 'Organization', place: 'Place' } as const;

/**
 * What the selection of the entity being resolved (`Query.person`, `organization`, `place`)
 * asks of it, or null for none of its parts. Validation keeps out the fields its type lacks
 * (a place has no country, only people have affiliations).
 */
function entityAhead(info: GraphQLResolveInfo, typeName: 'Person' | 'Organization' | 'Place'): EntityAhead | null {
  const asked = (field: string) => childFields(info, info.fieldNodes, field);
  const affiliations = asked('affiliations');
  const articleCalls = fieldCalls(info, typeName, 'articles', asked('articles'));
  const articles = onePage(articleCalls, entityArticlesPage);
  const ahead: EntityAhead = {
    country: asked('country').length > 0,
    affiliations: affiliations.length ? { withOrganizations: childFields(info, affiliations, 'organization').length > 0 } : null,
    articles: articles && {
      ...articles,
      withBody: connectionNodeFields(info, articleCalls.flatMap((c) => c.nodes), 'body').length > 0,
    },
  };
  return ahead.country || ahead.affiliations || ahead.articles ? ahead : null;
}

/** Hands the parts read along with an entity to the loaders its fields will call. */
function primeEntity(loaders: Loaders, read: ReadEntity, ahead: EntityAhead): void {
  const { entity } = read;
  if (read.country && entity.countryId) loaders.entityById.prime(entity.countryId, read.country);
  if (read.affiliations) {
    loaders.affiliationsByPersonId.prime(entity.id, read.affiliations);
    for (const a of read.affiliations) if (a._organization) loaders.entityById.prime(a.organizationId, a._organization);
  }
  if (read.articles && ahead.articles) {
    loaders.articlesPageByEntityId.primePage({ id: entity.id, page: ahead.articles.page, withTotal: ahead.articles.withTotal }, read.articles.rows, read.articles.total);
  }
}

/** `Query.person`, `organization`, `place`: the entity by slug, its statement reading along the parts its selection asks for. */
export async function entityPage(ctx: RequestContext, kind: EntityKind, slug: string, info: GraphQLResolveInfo) {
  const ahead = entityAhead(info, TYPE_OF_KIND[kind]);
  if (!ahead) return ctx.loaders.entityBySlug.load({ kind, slug });
  const read = await readEntity(ctx.db, kind, slug, ahead);
  if (!read) return null;
  primeEntity(ctx.loaders, read, ahead);
  return read.entity;
}
