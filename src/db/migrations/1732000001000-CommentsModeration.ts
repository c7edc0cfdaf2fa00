import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Comments issue: bearer API tokens (stored as sha256 hashes), the moderation audit trail,
 * and two generated hashes on `comment` so that "has this author an approved comment?" and
 * "was this body posted before?" are answered without ever reading an email or comparing
 * whole bodies. Emails are validated to ASCII, so `lower()` here equals JavaScript's
 * `toLowerCase()` in services/comments/hashes.ts.
 */
export class CommentsModeration1732000001000 implements MigrationInterface {
  name = 'CommentsModeration1732000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE comment
        ADD COLUMN email_hash text GENERATED ALWAYS AS (encode(sha256(lower(btrim(email))::bytea), 'hex')) STORED,
        ADD COLUMN body_hash text GENERATED ALWAYS AS (md5(lower(regexp_replace(btrim(body), '\\s+', ' ', 'g')))) STORED;
      -- auto-approve-known: an author's approved comments; duplicate check: an author's bodies
      CREATE INDEX comment_email_hash_idx ON comment (email_hash, status);
      -- repeated-body spam signal
      CREATE INDEX comment_body_hash_idx ON comment (body_hash, created_at);

      CREATE TABLE api_token (
        id serial PRIMARY KEY,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('editor', 'moderator', 'admin')),
        -- sha256 (hex) of the token; the token itself is shown once and never stored
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      );
      -- one active token per name, so the audit trail's actor names are unambiguous
      CREATE UNIQUE INDEX api_token_active_name_idx ON api_token (name) WHERE revoked_at IS NULL;

      CREATE TABLE moderation_log (
        id serial PRIMARY KEY,
        comment_id integer NOT NULL REFERENCES comment(id) ON DELETE CASCADE,
        action text NOT NULL CHECK (action IN ('approve', 'reject', 'mark_spam', 'delete')),
        from_status text NOT NULL,
        to_status text NOT NULL,
        reason text,
        actor_token_id integer NOT NULL REFERENCES api_token(id),
        actor_name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      -- moderationLog pages newest first by id
      CREATE INDEX moderation_log_comment_idx ON moderation_log (comment_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE moderation_log;
      DROP TABLE api_token;
      ALTER TABLE comment DROP COLUMN email_hash, DROP COLUMN body_hash;
    `);
  }
}
