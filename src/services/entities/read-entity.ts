import type { DataSource } from 'typeorm';
import { NamedEntity, type EntityKind } from '../../entities';
import { affiliationsColumn, countryColumn, entityArticlesColumns, type EntityArticle, type ReadAffiliation } from '../../db/entity-parts';
import { selectList, type PageAhead, type ReadPage } from '../../db/sql';

/** What a query will ask of one person, organization or place, for its statement to read along. */
export interface EntityAhead {
  country: boolean;
  /** Null: not asked for (only people have affiliations). */
  affiliations: { withOrganizations: boolean } | null;
  articles: (PageAhead & { withBody: boolean }) | null;
}

export interface ReadEntity {
  entity: NamedEntity;
  country?: NamedEntity | null;
  affiliations?: ReadAffiliation[];
  articles?: ReadPage<EntityArticle>;
}

type PartsRow = NamedEntity & { _country?: unknown[] | null; _affiliations?: unknown[][]; _articles?: unknown[][]; _articleTotal?: number };

/**
 * One entity by kind and slug (not a merged one, as entityBySlug) with, in the same
 * statement, the parts its page asks for: its country, a person's affiliations with their
 * organizations, the first page of the articles that mention it. Null when there is none.
 */
export async function readEntity(ds: DataSource, kind: EntityKind, slug: string, ahead: EntityAhead): Promise<ReadEntity | null> {
  const params: unknown[] = [kind, slug];
  const country = ahead.country ? countryColumn(ds, 'e.country_id') : null;
  const affiliations = ahead.affiliations ? affiliationsColumn(ds, 'e.id', ahead.affiliations.withOrganizations) : null;
  const articles = ahead.articles ? entityArticlesColumns(ds, 'e.id', ahead.articles, params, ahead.articles.withBody) : null;
  const parts = [country, affiliations, articles].filter((p) => p !== null).map((p) => `, ${p.sql}`).join('');
  const [row]: PartsRow[] = await ds.query(
    `SELECT ${selectList(ds, NamedEntity, 'e')}${parts} FROM entity e WHERE e.kind = $1 AND e.slug = $2 AND e.merged_into_id IS NULL`,
    params,
  );
  if (!row) return null;
  const read: ReadEntity = { entity: row };
  if (country) read.country = country.read(row._country ?? null);
  if (affiliations) read.affiliations = affiliations.read(row._affiliations!);
  if (articles) read.articles = articles.read(row as { _articles: unknown[][]; _articleTotal?: number });
  return read;
}
