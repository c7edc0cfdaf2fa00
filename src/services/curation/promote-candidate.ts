import type { DataSource } from 'typeorm';
import type { EntityKind, NamedEntity } from '../../entities';
import type { UserError } from '../../schema/user-errors';
import { candidateByKey } from '../candidates/archive';
import { createJob, type BackgroundJob } from '../jobs/job-store';
import { enqueue, TASK } from '../jobs/queue';
import { foldPhrase } from '../linking/fold';
import { createEntity, survivorOf, updateEntity } from './entities';

export interface PromoteCandidateInput {
  /** The candidate's key, or any of its spellings. */
  key: string;
  /** The new entity's kind; by default the kind most of its articles give it. */
  kind?: EntityKind | null;
  /** The new entity's name; by default the spelling most of its articles use. */
  name?: string | null;
  /** Add the candidate's spellings as aliases of this entity instead of creating one. */
  aliasOf?: number | null;
}

export interface PromoteCandidateResult {
  entity: NamedEntity | null;
  job: BackgroundJob | null;
  userErrors: UserError[];
}

const KINDS: Record<string, EntityKind | undefined> = { person: 'person', organization: 'organization', place: 'place' };

/**
 * Makes a candidate an entity, or aliases of an existing one, then relinks the articles
 * that named it as a background job (the job's `done` of `total` is its progress): their
 * mentions of the name link to the entity and the name leaves the candidates.
 */
export async function promoteCandidate(ds: DataSource, input: PromoteCandidateInput): Promise<PromoteCandidateResult> {
  const key = foldPhrase(input.key ?? '');
  const candidate = key ? await candidateByKey(ds, key) : null;
  if (!candidate) {
    return { entity: null, job: null, userErrors: [{ field: 'key', code: 'NOT_FOUND', message: `key: no article proposes ${JSON.stringify(input.key)} as a candidate` }] };
  }
  let result: { entity: NamedEntity | null; userErrors: UserError[] };
  if (input.aliasOf != null) {
    const target = await ds.transaction((m) => survivorOf(m, input.aliasOf!));
    if (!target) return { entity: null, job: null, userErrors: [{ field: 'aliasOf', code: 'NOT_FOUND', message: 'aliasOf: no person, organization or place with this id' }] };
    result = await updateEntity(ds, target.id, target.kind, { aliases: [...target.aliases, ...candidate.texts] });
  } else {
    const kind = input.kind ?? KINDS[candidate.kind];
    if (!kind) {
      return { entity: null, job: null, userErrors: [{ field: 'kind', code: 'INVALID', message: 'kind: the articles do not tell what this name is: give PERSON, ORGANIZATION or PLACE' }] };
    }
    const name = input.name ?? candidate.texts[0];
    const aliases = candidate.texts.filter((t) => foldPhrase(t) !== foldPhrase(name));
    result = await createEntity(ds, kind, { name, aliases });
  }
  if (!result.entity) return { entity: null, job: null, userErrors: result.userErrors };
  const entity = result.entity;
  const job = await ds.transaction(async (manager) => {
    const created = await createJob(manager, { kind: 'relink', total: candidate.articleIds.length, entityId: entity.id });
    await enqueue(manager, TASK.relink, { jobId: created.id, articleIds: candidate.articleIds });
    return created;
  });
  return { entity, job, userErrors: [] };
}
