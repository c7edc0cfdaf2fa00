import type { DataSource } from 'typeorm';
import type { EntityKind, NamedEntity } from '../../entities';
import type { UserError } from '../../schema/user-errors';
import { candidateByKey } from '../candidates/archive';
import { createJob, type BackgroundJob } from '../jobs/job-store';
import { enqueue, TASK } from '../jobs/queue';
import { foldPhrase } from '../linking/fold';
import { createEntityIn, survivorOf, updateEntityIn } from './entities';
import { purge } from '../purge';

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
 * mentions of the name link to the entity and the name leaves the candidates. The entity
 * and its job are written in one transaction: should queuing fail, there is no entity
 * without its relink (nor aliases that no job applied).
 */
export async function promoteCandidate(ds: DataSource, input: PromoteCandidateInput): Promise<PromoteCandidateResult> {
  const key = foldPhrase(input.key ?? '');
  const candidate = key ? await candidateByKey(ds, key) : null;
  if (!candidate) {
    return { entity: null, job: null, userErrors: [{ field: 'key', code: 'NOT_FOUND', message: `key: no article proposes ${JSON.stringify(input.key)} as a candidate` }] };
  }
  const result = await ds.transaction(async (manager): Promise<PromoteCandidateResult> => {
    let written: { entity: NamedEntity | null; userErrors: UserError[] };
    if (input.aliasOf != null) {
      const target = await survivorOf(manager, input.aliasOf);
      if (!target) return { entity: null, job: null, userErrors: [{ field: 'aliasOf', code: 'NOT_FOUND', message: 'aliasOf: no person, organization or place with this id' }] };
      written = await updateEntityIn(manager, target.id, target.kind, { aliases: [...target.aliases, ...candidate.texts] });
    } else {
      const kind = input.kind ?? KINDS[candidate.kind];
      if (!kind) {
        return { entity: null, job: null, userErrors: [{ field: 'kind', code: 'INVALID', message: 'kind: the articles do not tell what this name is: give PERSON, ORGANIZATION or PLACE' }] };
      }
      const name = input.name ?? candidate.texts[0];
      const aliases = candidate.texts.filter((t) => foldPhrase(t) !== foldPhrase(name));
      written = await createEntityIn(manager, kind, { name, aliases });
    }
    if (!written.entity) return { entity: null, job: null, userErrors: written.userErrors };
    const job = await createJob(manager, { kind: 'relink', total: candidate.articleIds.length, entityId: written.entity.id });
    await enqueue(manager, TASK.relink, { jobId: job.id, articleIds: candidate.articleIds });
    return { entity: written.entity, job, userErrors: [] };
  });
  // A new entity joins the lists of its kind; an aliased one's answers show the old aliases.
  if (result.entity) await purge({ entities: [result.entity.id], entityLists: input.aliasOf == null }, 'candidate promoted');
  return result;
}
