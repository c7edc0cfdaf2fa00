import type { DataSource } from 'typeorm';
import { Article, NamedEntity, type EntityKind } from '../../entities';
import { ARTICLE_HIDDEN, selectList, type ReadAlong } from '../../db/sql';
import {
  articleComments, articleEvents, articleMentions, articleSource, articleTags, commentReplies, eventPlace, eventSources, relatedArticles,
} from './article';
import { affiliationOrganization, entityArticles, entityCountry, personAffiliations } from './entity';
import { encounterEvents, organizationPartners, personMet } from './met';
import type { Part } from './part';

export type { Part, Planned, PartLoader, PartLoaders, Selected } from './part';
export { builtCount, BUILT_MAX, planKeyOf, readAlong, shapeKey } from './part';

/** Every part a page can read along. A field that reads along is one more declaration here. */
export const PARTS: readonly Part[] = [
  articleSource, articleMentions, articleEvents, eventPlace, eventSources, articleComments, commentReplies, relatedArticles, articleTags,
  entityCountry, personAffiliations, affiliationOrganization, entityArticles,
  personMet, organizationPartners, encounterEvents,
];

const byType = new Map<string, Part[]>();
for (const part of PARTS) for (const type of part.on) byType.set(type, [...(byType.get(type) ?? []), part]);

/** The parts of a GraphQL type's fields. */
export const partsOn = (type: string): readonly Part[] => byType.get(type) ?? [];

/**
 * A page's statement text for its read-along columns, made once per columns text: the same
 * string request after request (a prepared statement's name and pg's check find it at once).
 */
const texts = { article: new Map<string, string>(), entity: new Map<string, string>() };
function statementText(kind: keyof typeof texts, columns: string, make: () => string): string {
  const ofKind = texts[kind];
  let text = ofKind.get(columns);
  if (text === undefined) {
    if (ofKind.size >= 256) ofKind.clear();
    ofKind.set(columns, (text = make()));
  }
  return text;
}

/** One article by slug, its statement reading `along` the parts its page asks for. Null when no article has that slug. */
export async function articleBySlugAlong(ds: DataSource, slug: string, along: ReadAlong): Promise<Article | null> {
  const params: unknown[] = [slug];
  const columns = along.sql(ds, 'a', params);
  const text = statementText('article', columns, () => `SELECT ${selectList(ds, Article, 'a', ARTICLE_HIDDEN)}${columns} FROM article a WHERE a.slug = $1`);
  const [row]: Article[] = await ds.query(text, params);
  if (!row) return null;
  along.read(row);
  return row;
}

/** One person, organization or place by slug (not a merged one, as entityBySlug), its statement reading `along` its parts. */
export async function entityBySlugAlong(ds: DataSource, kind: EntityKind, slug: string, along: ReadAlong): Promise<NamedEntity | null> {
  const params: unknown[] = [kind, slug];
  const columns = along.sql(ds, 'e', params);
  const text = statementText('entity', columns, () =>
    `SELECT ${selectList(ds, NamedEntity, 'e')}${columns} FROM entity e WHERE e.kind = $1 AND e.slug = $2 AND e.merged_into_id IS NULL`);
  const [row]: NamedEntity[] = await ds.query(text, params);
  if (!row) return null;
  along.read(row);
  return row;
}
