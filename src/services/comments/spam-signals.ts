import type { EntityManager } from 'typeorm';
import { bodyHashSql } from './hashes';

/**
 * Simple spam signals, each cheap and explainable. A comment that trips one is stored as
 * SPAM (a moderator can still approve it); an exact repeat by the same author on the same
 * article, and a flood from one client (rate limits), are refused outright.
 */
export const SPAM_RULES = {
  /** Links (http://, https://, www.) at or above which a comment is spam. */
  maxLinks: 3,
  /** A body this long or longer, seen this often from other authors within the window, is spam. */
  repeatedBodyMinLength: 20,
  repeatedBodyOthers: 2,
  repeatedBodyWindow: '1 day',
} as const;

const LINK = /\bhttps?:\/\/|\bwww\./gi;

export function linkCount(body: string): number {
  return body.match(LINK)?.length ?? 0;
}

export type SpamSignal = 'many-links' | 'repeated-body';

/** The signal a new comment trips, if any. Runs inside the posting transaction. */
export async function spamSignal(m: EntityManager, body: string, authorHash: string, articleId: number): Promise<SpamSignal | null> {
  if (linkCount(body) >= SPAM_RULES.maxLinks) return 'many-links';
  if ([...body].length < SPAM_RULES.repeatedBodyMinLength) return null;
  // The same text from other authors, or from this author on other articles (copy-paste).
  const [row]: { others: number; elsewhere: number }[] = await m.query(
    `SELECT count(*) FILTER (WHERE email_hash <> $2)::int AS others,
            count(*) FILTER (WHERE email_hash = $2 AND article_id <> $3)::int AS elsewhere
       FROM comment
      WHERE body_hash = ${bodyHashSql('$1')} AND created_at > now() - $4::interval`,
    [body, authorHash, articleId, SPAM_RULES.repeatedBodyWindow],
  );
  return row.others >= SPAM_RULES.repeatedBodyOthers || row.elsewhere > 0 ? 'repeated-body' : null;
}
