import { Affiliation, Article, NamedEntity } from '../../entities';
import { exactTimestampSql, positionalRow } from '../../db/sql';
import { articleColumnsOf, articleOmit, entityColumnsOf, type ArticleColumns, type EntityColumns } from './article';
import { columnsKey, omittedColumns } from './columns';
import { ENTITY_UNSHOWN, survivingEntitySql } from '../../db/surviving-entity';
import type { Connection } from '../../pagination';
import type { Part } from './part';
import { bySortInstant, pagePlan, pagePlanKey, pageSql, readPage, readSortedRow, rowsSql, type PagePlan } from './pages';

/** A person's, organization's or place's parts; see part.ts. */

const NO_PLAN = { plan: (): true => true, planKey: () => '' };

/** The place an entity is in (the survivor of a merge). */
export const entityCountry: Part<EntityColumns, NamedEntity | null> = {
  name: 'entity country', on: ['Person', 'Organization'], fields: ['country'], none: null,
  plan: (_, selected) => entityColumnsOf(selected), planKey: columnsKey,
  key: { column: 'country_id', of: (e: NamedEntity) => e.countryId },
  sql: (st, key, columns) => survivingEntitySql(st.ds, st.alias('ce'), key, omittedColumns(st.ds, NamedEntity, columns, ENTITY_UNSHOWN)),
};

/** A person's affiliations, latest first (undated last). */
export const personAffiliations: Part<true, Affiliation[]> = {
  name: 'person affiliations', on: ['Person'], fields: ['affiliations'], at: 'self', rowType: 'Affiliation', ...NO_PLAN,
  key: { column: 'id', of: (e: NamedEntity) => e.id },
  sql(st, key, _, nested) {
    const af = st.alias('af');
    return rowsSql(st, Affiliation, af, { from: `FROM affiliation ${af} WHERE ${af}.person_id = ${key}`, order: `${af}.since DESC NULLS LAST, ${af}.id` }, nested);
  },
};

/** An affiliation's organization (the survivor of a merge). */
export const affiliationOrganization: Part<EntityColumns, NamedEntity | null> = {
  name: 'affiliation organization', on: ['Affiliation'], fields: ['organization'], none: null,
  plan: (_, selected) => entityColumnsOf(selected), planKey: columnsKey,
  key: { column: 'organization_id', of: (a: Affiliation) => a.organizationId },
  sql: (st, key, columns) => survivingEntitySql(st.ds, st.alias('ao'), key, omittedColumns(st.ds, NamedEntity, columns, ENTITY_UNSHOWN)),
};

/** An article of an entity's page, with its exact sort instant for cursors. */
export type EntityArticle = Article & { _sort: string };

/**
 * A page of the articles that mention an entity, newest first, keyset on the link table's
 * (entity_id, published_at, article_id) index.
 */
export const entityArticles: Part<PagePlan & { columns: ArticleColumns }, Connection<EntityArticle>> = {
  name: 'entity articles', on: ['Person', 'Organization', 'Place'], fields: ['articles'], at: 'node', rowType: 'Article',
  key: { column: 'id', of: (e: NamedEntity) => e.id },
  plan: (args, selected) => ({ ...pagePlan(10, 'timestamp')(args, selected), columns: articleColumnsOf(selected) }),
  planKey: (p) => `${pagePlanKey(p)}|${columnsKey(p.columns)}`,
  sql(st, key, plan, nested) {
    const a = st.alias('a');
    const l = `${a}l`;
    const article = positionalRow(st.ds, Article, a, articleOmit(st.ds, plan.columns));
    return {
      sql: pageSql(st, plan, {
        alias: a, columns: `${article.columns}, ${l}.published_at AS linked_at`, descending: true,
        rowSql: `json_build_array(${article.columns}, ${exactTimestampSql(`${a}.linked_at`)}${nested.sql(a)})`,
        inner: `FROM article_entity ${l} JOIN article ${a} ON ${a}.id = ${l}.article_id WHERE ${l}.entity_id = ${key}`,
        // Kept per entity by article_entity's triggers: counting a country's articles grew with the archive.
        count: { total: `COALESCE((SELECT ${l}p.articles FROM entity_prominence ${l}p WHERE ${l}p.entity_id = ${key}), 0)` },
        sortExpr: `${l}.published_at`, idExpr: `${l}.article_id`, outerSort: `${a}.linked_at`, outerId: `${a}.id`,
      }),
      read: (raw) => readPage(raw, plan, readSortedRow(article, nested), bySortInstant),
    };
  },
};
