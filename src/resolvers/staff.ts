import type { RequestContext } from '../http/context';
import { requireRole } from '../services/auth/require-role';
import type { IngestUserError } from '../services/ingest/prepare-article';

/** Ingestion and curation are for editors (and admins). */
export const requireEditor = (ctx: RequestContext, what: string) => requireRole(ctx.viewer, ['editor', 'admin'], what);

/** Service user errors as the schema's UserError. */
export const userErrorsOf = (errors: IngestUserError[]) => errors.map((e) => ({ ...e, retryAfterSeconds: null }));
