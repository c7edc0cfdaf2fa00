import type { DataSource } from 'typeorm';
import type { Article, Event, NamedEntity } from '../../entities';
import { positionalRow } from '../../db/sql';

/** Which columns each field of a type needs on its row; a field reading none (a part over `id`, a loader) maps to []. */
export type ColumnsOfFields<T> = Readonly<Record<string, readonly (keyof T & string)[]>>;

/**
 * The columns a row needs for the fields selected on it (a part's plan, from its
 * selection): `always`, and each selected field's columns. Null, every column, when a field
 * `byField` does not list is selected: a field added later reads what it needs until listed.
 */
export function columnsFor<T>(byField: ColumnsOfFields<T>, always: readonly (keyof T & string)[], selected: ReadonlySet<string>): (keyof T & string)[] | null {
  const keep = new Set(always);
  for (const field of selected) {
    if (field.startsWith('__')) continue;
    const columns = byField[field];
    if (!columns) return null;
    for (const column of columns) keep.add(column);
  }
  return [...keep].sort();
}

export const columnsKey = (columns: readonly string[] | null) => (columns ? columns.join(',') : '*');

/** The columns of `entity` a row leaves out: all but `keep`, or `omit` when `keep` is null (every column needed). */
export function omittedColumns<T>(ds: DataSource, entity: new () => T, keep: readonly (keyof T & string)[] | null, omit: readonly (keyof T & string)[] = []): (keyof T & string)[] {
  if (!keep) return [...omit];
  return ds.getMetadata(entity).columns.map((c) => c.propertyName as keyof T & string).filter((p) => !keep.includes(p));
}

/** The positional row of `entity` (db/sql.ts) holding only `keep`, or every column but `omit` when `keep` is null. */
export function keptRow<T>(ds: DataSource, entity: new () => T, alias: string, keep: readonly (keyof T & string)[] | null, omit: readonly (keyof T & string)[] = []) {
  return positionalRow(ds, entity, alias, omittedColumns(ds, entity, keep, omit));
}

/**
 * The columns of the fields of Person, Organization and Place (`kind` is Place.kind). Every
 * entity row keeps `id` and `kind` (its GraphQL type comes from the kind).
 */
export const ENTITY_COLUMNS: ColumnsOfFields<NamedEntity> = {
  id: [], slug: ['slug'], name: ['name'], title: ['title'], acronym: ['acronym'], aliases: ['aliases'], code: ['code'], kind: ['placeKind'],
  country: ['countryId'], parent: ['parentId'],
  affiliations: [], met: [], partners: [], events: [], articles: [], identifiers: [], members: [], subOrganizations: [],
};
export const ENTITY_ALWAYS: readonly (keyof NamedEntity & string)[] = ['id', 'kind'];

/** The columns of the fields of Event. */
export const EVENT_COLUMNS: ColumnsOfFields<Event> = {
  id: [], slug: ['slug'], kind: ['kind'], title: ['title'], date: ['date'], datePrecision: ['datePrecision'], place: ['placeId'],
  placeName: ['placeName'], status: ['status'], confidence: ['confidence'], participants: [], sources: [], evidence: [],
};

/** The columns of the fields of Article (a list or a part reads the body and lead only when shown). */
export const ARTICLE_COLUMNS: ColumnsOfFields<Article> = {
  id: [], slug: ['slug'], title: ['title'], lead: ['lead'], body: ['body'], language: ['language'], publishedAt: ['publishedAt'], url: ['url'],
  source: ['sourceId'], commentCount: ['commentCount'],
  mentions: [], people: [], organizations: [], places: [], topics: [], events: [], comments: [], related: [],
};
