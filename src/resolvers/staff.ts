import type { RequestContext } from '../context';
import { requireRole } from '../services/auth/require-role';

/** Ingestion and curation are for editors (and admins). */
export const requireEditor = (ctx: RequestContext, what: string) => requireRole(ctx.viewer, ['editor', 'admin'], what);

