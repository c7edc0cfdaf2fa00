import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { Config } from '../../config';
import { selectList } from '../../db/sql';
import { Comment, type CommentStatus } from '../../entities';
import { bodyHashSql, emailHash, emailRateKey } from './hashes';
import type { CommentRuntime } from './runtime';
import { spamSignal, type SpamSignal } from './spam-signals';
import { userError, type UserError } from '../../schema/user-errors';
import { validateNewComment, type AddCommentInput, type ValidComment } from './validation';
import { clientKey, purge } from '../purge';

export const MAX_DEPTH = 3;

export interface AddCommentResult {
  comment: Comment | null;
  userErrors: UserError[];
}

export interface AddCommentDeps {
  db: DataSource;
  config: Pick<Config, 'commentPolicy' | 'commentRateLimit'>;
  runtime: CommentRuntime;
  logger: Logger;
}

type Outcome = AddCommentResult & { signal?: SpamSignal | null };

const refused = (e: UserError): Outcome => ({ comment: null, userErrors: [e] });

/**
 * Posting a comment: validate, rate-limit (per client address and per email), then in ONE
 * transaction check the article and parent, refuse exact repeats, read the spam signals,
 * apply the moderation policy, insert, and count the comment on its article when it is
 * approved. Any refusal or failure leaves no row. Approved comments go live after commit.
 */
export async function addComment(deps: AddCommentDeps, input: AddCommentInput, clientAddress: string): Promise<AddCommentResult> {
  const checked = validateNewComment(input);
  if ('errors' in checked) return { comment: null, userErrors: checked.errors };
  const valid = checked.value;

  const limited = await rateLimited(deps, valid, clientAddress);
  if (limited) return refused(limited);

  const outcome = await deps.db.transaction(async (m): Promise<Outcome> => {
    const authorHash = emailHash(valid.email);
    // One author's posts are serialized, so two identical submissions cannot both pass the repeat check.
    await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`comment-author:${authorHash}`]);

    const [article] = await m.query(`SELECT id FROM article WHERE id = $1`, [valid.articleId]);
    if (!article) return refused(userError('articleId', 'NOT_FOUND', `articleId: no article has the id "${input.articleId}"`));

    let depth = 0;
    if (valid.parentId !== null) {
      const [parent]: { articleId: number; depth: number }[] = await m.query(
        `SELECT article_id AS "articleId", depth FROM comment WHERE id = $1 AND status = 'approved'`,
        [valid.parentId],
      );
      if (!parent) return refused(userError('parentId', 'NOT_FOUND', `parentId: no published comment has the id "${input.parentId}"`));
      if (parent.articleId !== valid.articleId) {
        return refused(userError('parentId', 'INVALID', `parentId: a reply must be on the same article as its parent; "${input.parentId}" is on another article`));
      }
      if (parent.depth >= MAX_DEPTH) {
        return refused(userError('parentId', 'INVALID', `parentId: replies nest at most ${MAX_DEPTH} deep; "${input.parentId}" is already a reply at depth ${parent.depth}`));
      }
      depth = parent.depth + 1;
    }

    const [repeat] = await m.query(
      `SELECT 1 FROM comment WHERE email_hash = $1 AND article_id = $2 AND body_hash = ${bodyHashSql('$3')} LIMIT 1`,
      [authorHash, valid.articleId, valid.body],
    );
    if (repeat) return refused(userError('body', 'DUPLICATE', 'body: you already posted this comment on this article'));

    const signal = await spamSignal(m, valid.body, authorHash, valid.articleId);
    const status: CommentStatus = signal ? 'spam' : (await isKnownAuthor(m, deps.config.commentPolicy, authorHash)) ? 'approved' : 'pending';

    const [comment]: Comment[] = await m.query(
      `INSERT INTO comment (article_id, parent_id, depth, author_name, email, body, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       RETURNING ${selectList(deps.db, Comment, 'comment')}`,
      [valid.articleId, valid.parentId, depth, valid.authorName, valid.email, valid.body, status],
    );
    if (status === 'approved') await m.query(`UPDATE article SET comment_count = comment_count + 1 WHERE id = $1`, [valid.articleId]);
    return { comment, userErrors: [], signal };
  });

  if (outcome.comment) {
    const { comment } = outcome;
    deps.logger.info({ commentId: comment.id, articleId: comment.articleId, status: comment.status, spamSignal: outcome.signal ?? null }, 'comment added');
    if (comment.status === 'approved') {
      deps.runtime.events.publishApproved(comment);
      await purge({ articles: [comment.articleId] }, 'comment added', clientKey(null, clientAddress));
    }
  }
  return { comment: outcome.comment, userErrors: outcome.userErrors };
}

/** auto-approve-known: an author with an earlier approved comment, recognised by email hash. */
async function isKnownAuthor(m: { query: DataSource['query'] }, policy: Config['commentPolicy'], authorHash: string): Promise<boolean> {
  if (policy !== 'auto-approve-known') return false;
  const [known] = await m.query(`SELECT 1 FROM comment WHERE email_hash = $1 AND status = 'approved' LIMIT 1`, [authorHash]);
  return Boolean(known);
}

/**
 * Both limits are counted on every attempt that passed validation; the longer wait is
 * reported. A refusal is a userError { field: null, code: RATE_LIMITED, retryAfterSeconds }
 * rather than a GraphQLError: the add-comment operation reads `userErrors { field message }`,
 * so the message itself says how long to wait.
 */
async function rateLimited(deps: AddCommentDeps, valid: ValidComment, clientAddress: string): Promise<UserError | null> {
  const { perAddress, perEmail, windowSeconds } = deps.config.commentRateLimit;
  const [byAddress, byEmail] = await Promise.all([
    deps.runtime.rateLimiter.hit(`comment:address:${clientAddress}`, { limit: perAddress, windowSeconds }),
    deps.runtime.rateLimiter.hit(emailRateKey(valid.email), { limit: perEmail, windowSeconds }),
  ]);
  if (byAddress.allowed && byEmail.allowed) return null;
  const wait = Math.max(byAddress.retryAfterSeconds, byEmail.retryAfterSeconds);
  const who = !byAddress.allowed && !byEmail.allowed ? 'this address and this email' : !byAddress.allowed ? 'this address' : 'this email';
  const limit = !byAddress.allowed ? perAddress : perEmail;
  return userError(
    null,
    'RATE_LIMITED',
    `Too many comments from ${who}: at most ${limit} every ${windowSeconds} seconds. Try again in ${wait} second${wait === 1 ? '' : 's'}.`,
    wait,
  );
}
