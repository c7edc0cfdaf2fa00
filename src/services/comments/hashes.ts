import { createHash } from 'node:crypto';

/**
 * The comparisons the service makes about authors and bodies go through hashes, never
 * through the email itself. These match the generated columns of migration
 * 1732000001000 (`comment.email_hash`, `comment.body_hash`).
 */
export function emailHash(normalizedEmail: string): string {
  return createHash('sha256').update(normalizedEmail.trim().toLowerCase()).digest('hex');
}

/** SQL for the body hash of a parameter, the same expression as `comment.body_hash`. */
export function bodyHashSql(param: string): string {
  return `md5(lower(regexp_replace(btrim(${param}), '\\s+', ' ', 'g')))`;
}

/** Rate-limit keys name the author by hash: Redis never holds an email either. */
export function emailRateKey(normalizedEmail: string): string {
  return `comment:email:${emailHash(normalizedEmail)}`;
}
