import type { DataSource } from 'typeorm';
import { Article, NamedEntity, type EntityKind } from '../../entities';
import { ARTICLE_HIDDEN, selectList, type ReadAlong } from '../../db/sql';
import {
  articleComments, articleEvents, articleMentions, articleSource, articleTags, commentReplies, eventPlace, eventSources, relatedArticles,
} from './article';
import { affiliationOrganization, entityArticles, entityCountry, personAffiliations } from './entity';
import { encounterEvents, organizationPartners, personMet } from './met';
import type { Part } from './part';

export type { Part, Planned, PartLoaders, Selected } from './part';
export { planKeyOf, readAlong } from './part';

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

/** One article by slug, its statement reading `along` the parts its page asks for. Null when no article has that slug. */
export async function articleBySlugAlong(ds: DataSource, slug: string, along: ReadAlong): Promise<Article | null> {
  const params: unknown[] = [slug];
  const columns = along.sql(ds, 'a', params);
  const [row]: Article[] = await ds.query(`SELECT ${selectList(ds, Article, 'a', ARTICLE_HIDDEN)}${columns} FROM article a WHERE a.slug = $1`, params);
  if (!row) return null;
  along.read(row);
  return row;
}

/** One person, organization or place by slug (not a merged one, as entityBySlug), its statement reading `along` its parts. */
export async function entityBySlugAlong(ds: DataSource, kind: EntityKind, slug: string, along: ReadAlong): Promise<NamedEntity | null> {
  const params: unknown[] = [kind, slug];
  const columns = along.sql(ds, 'e', params);
  const [row]: NamedEntity[] = await ds.query(
    `SELECT ${selectList(ds, NamedEntity, 'e')}${columns} FROM entity e WHERE e.kind = $1 AND e.slug = $2 AND e.merged_into_id IS NULL`,
    params,
  );
  if (!row) return null;
  along.read(row);
  return row;
}
