import type { GraphQLResolveInfo } from 'graphql';
import type { Loaders } from '../loaders';
import type { EntityAhead, ReadEntity } from '../services/entities/read-entity';
import { childFields, fieldCalls } from './selection';
import { onePage } from './article-ahead';
import { entityArticlesPage } from './Entity';

/** What the selection of the entity being resolved (`Query.person`, `organization`, `place`) asks of it, or null for none of its parts. */
export function entityAhead(info: GraphQLResolveInfo, typeName: 'Person' | 'Organization' | 'Place'): EntityAhead | null {
  const asked = (field: string) => childFields(info, info.fieldNodes, field);
  const affiliations = typeName === 'Person' ? asked('affiliations') : [];
  const articleCalls = fieldCalls(info, typeName, 'articles', asked('articles'));
  const articles = onePage(articleCalls, entityArticlesPage);
  const ahead: EntityAhead = {
    country: typeName !== 'Place' && asked('country').length > 0,
    affiliations: affiliations.length ? { withOrganizations: childFields(info, affiliations, 'organization').length > 0 } : null,
    articles: articles && {
      ...articles,
      withBody: childFields(info, childFields(info, childFields(info, articleCalls.flatMap((c) => c.nodes), 'edges'), 'node'), 'body').length > 0,
    },
  };
  return ahead.country || ahead.affiliations || ahead.articles ? ahead : null;
}

/** Hands the parts read along with an entity to the loaders its fields will call. */
export function primeEntity(loaders: Loaders, read: ReadEntity, ahead: EntityAhead): void {
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
