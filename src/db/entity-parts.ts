import type { DataSource } from 'typeorm';
import { Affiliation, Article, NamedEntity } from '../entities';
import { ARTICLE_HIDDEN } from './article-parts';
import { exactTimestampSql, keysetSql, positionalRow, type PageAhead, type ReadPage } from './sql';
import { survivingEntitySql } from './surviving-entity';

/**
 * An entity's parts as SELECT expressions over the enclosing query's entity, with the
 * functions that read them back: the person page's statement (services/entities/read-entity.ts)
 * reads them along, as the article page's does its own (article-parts.ts). Each is the
 * SQL of the loader of that part, which answers the same.
 */

/** The place `countryIdExpr` names (the survivor of a merge): `_country`, one positional row or null. */
export function countryColumn(ds: DataSource, countryIdExpr: string) {
  const country = survivingEntitySql(ds, 'ce', countryIdExpr);
  return { sql: `${country.sql} AS "_country"`, read: country.read };
}

/** An affiliation, with its organization when it was read along. */
export type ReadAffiliation = Affiliation & { _organization?: NamedEntity | null };

/**
 * The person's affiliations, latest first (undated last), each with its organization (the
 * survivor of a merge) when `withOrganizations`: `_affiliations`.
 */
export function affiliationsColumn(ds: DataSource, personExpr: string, withOrganizations: boolean) {
  const affiliation = positionalRow(ds, Affiliation, 'af');
  const organization = survivingEntitySql(ds, 'oe', 'af.organization_id');
  return {
    sql: `(SELECT COALESCE(json_agg(json_build_array(${affiliation.columns}${withOrganizations ? `, ${organization.sql}` : ''}) ORDER BY af.since DESC NULLS LAST, af.id), '[]')
             FROM affiliation af WHERE af.person_id = ${personExpr}) AS "_affiliations"`,
    read: (values: unknown[][]): ReadAffiliation[] =>
      values.map((v) => {
        const a = affiliation.hydrate(v) as ReadAffiliation;
        if (withOrganizations) a._organization = organization.read(v[affiliation.width]);
        return a;
      }),
  };
}

/** An article of an entity's page, with its exact sort instant for cursors. */
export type EntityArticle = Article & { _sort: string };

/**
 * One page of the articles mentioning the entity `entityExpr`, newest first (keyset on the
 * link table's (published_at, article_id), as articlesPageByEntityId reads it): `_articles`,
 * positional rows (without the body unless `withBody`), and `_articleTotal` when asked for.
 * Its parameters are appended to `params`.
 */
export function entityArticlesColumns(ds: DataSource, entityExpr: string, ahead: PageAhead, params: unknown[], withBody: boolean) {
  const article = positionalRow(ds, Article, 'a', withBody ? ARTICLE_HIDDEN : [...ARTICLE_HIDDEN, 'body']);
  const keyset = keysetSql(ahead.page, 'l.published_at', 'l.article_id', params, true);
  params.push(ahead.page.limit + 1);
  // The same order over the page's own rows, on the link table's instant (the cursor's).
  const order = keysetSql({ ...ahead.page, cursor: null }, 'a.linked_at', 'a.id', [], true).order;
  const page = `(SELECT COALESCE(json_agg(json_build_array(${article.columns}, ${exactTimestampSql('a.linked_at')}) ORDER BY ${order}), '[]')
                   FROM (SELECT ${article.columns}, l.published_at AS linked_at FROM article_entity l JOIN article a ON a.id = l.article_id
                          WHERE l.entity_id = ${entityExpr} AND ${keyset.where}
                          ORDER BY ${keyset.order} LIMIT $${params.length}) a) AS "_articles"`;
  const total = ahead.withTotal ? `, (SELECT count(*)::int FROM article_entity l WHERE l.entity_id = ${entityExpr}) AS "_articleTotal"` : '';
  return {
    sql: page + total,
    read: (r: { _articles: unknown[][]; _articleTotal?: number }): ReadPage<EntityArticle> => ({
      rows: r._articles.map((v) => {
        const a = article.hydrate(v) as EntityArticle;
        a._sort = v[article.width] as string;
        return a;
      }),
      total: ahead.withTotal ? r._articleTotal! : null,
    }),
  };
}
