import { decodeGlobalId } from '../../schema/global-id';
import { userError, type UserError } from '../../schema/user-errors';

export const NAME_MAX = 80;
export const BODY_MAX = 5000;
const EMAIL_MAX = 254;

export interface AddCommentInput {
  articleId: string;
  parentId?: string | null;
  authorName: string;
  email: string;
  body: string;
}

export interface ValidComment {
  articleId: number;
  parentId: number | null;
  authorName: string;
  /** Trimmed and lower-cased: the form the author is recognised by. */
  email: string;
  body: string;
}

// Lone surrogates (invalid UTF-16, not encodable as UTF-8) and noncharacters.
const INVALID_UNICODE = /[\p{Cs}\p{Noncharacter_Code_Point}]/u;
// Control characters; a body may hold line breaks and tabs.
const NAME_CONTROL = /[\p{Cc}\u2028\u2029]/u;
const BODY_CONTROL = /[^\P{Cc}\n\t]/u;
// Bidirectional overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI): refused, not
// removed, in names and bodies. They make published text display in another order than it was
// written ("Trojan Source" spoofing), and removing them silently would change what the author
// sent. Right-to-left text needs none of them; the marks LRM, RLM and ALM stay allowed.
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;
// What displays as nothing: format characters (Cf: zero-width space, joiners, word joiner,
// BOM, soft hyphen …), other default-ignorable code points (Hangul fillers, variation
// selectors), white space, and the blank Braille pattern. A name or body of only these is empty.
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}\p{White_Space}\u2800]/gu;
// The address grammar of HTML's <input type=email>, with a dot required in the domain.
const EMAIL_PATTERN =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

const codePoints = (s: string) => [...s].length;
const hex = (s: string) => `U+${s.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Names the first offending character and its position, never the surrounding text. */
function characterProblem(field: string, value: string, control: RegExp): UserError | null {
  const bad = INVALID_UNICODE.exec(value) ?? control.exec(value) ?? BIDI_CONTROL.exec(value);
  if (!bad) return null;
  const at = `(${hex(bad[0])}) at position ${codePoints(value.slice(0, bad.index)) + 1}`;
  if (BIDI_CONTROL.test(bad[0])) {
    return userError(field, 'INVALID', `${field}: a bidirectional override or isolate ${at} is not allowed: it would make the text display in another order than it is written`);
  }
  const what = INVALID_UNICODE.test(bad[0]) ? 'invalid Unicode' : 'a control character';
  return userError(field, 'INVALID', `${field}: ${what} ${at} is not allowed`);
}

/** Text that displays as nothing (INVISIBLE) is refused as empty, however long it is. */
function invisibleProblem(field: string, value: string): UserError | null {
  if (value.replace(INVISIBLE, '') !== '') return null;
  return userError(field, 'INVALID', `${field}: nothing visible; invisible and formatting characters (zero-width spaces, joiners, soft hyphens …) and spaces alone do not count`);
}

function lengthProblem(field: string, value: string, max: number): UserError | null {
  const n = codePoints(value);
  if (n >= 1 && n <= max) return null;
  return userError(field, 'INVALID', `${field}: 1 to ${max.toLocaleString('en')} characters after trimming, got ${n.toLocaleString('en')}`);
}

// An address anywhere in a name: the name is published, so the form's promise would break.
const EMAIL_INSIDE = /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/;

function publishedEmailProblem(field: string, value: string): UserError | null {
  return EMAIL_INSIDE.test(value) ? userError(field, 'INVALID', `${field}: looks like an email address; the ${field === 'authorName' ? 'name' : field} is published, put the address in the email field`) : null;
}

/** The author's own address in the body would be published with it. */
function ownEmailProblem(body: string, email: string): UserError | null {
  if (!email.includes('@') || !body.toLowerCase().includes(email)) return null;
  return userError('body', 'INVALID', 'body: contains the email address given in the email field; the body is published, the address is not');
}

/** A global id is echoed only when it looks like one: never arbitrary input. */
function idProblem(field: string, value: string, type: 'Article' | 'Comment'): UserError | null {
  if (decodeGlobalId(value)?.type === type) return null;
  const shown = /^[A-Za-z0-9_-]{1,64}$/.test(value) ? ` "${value}"` : '';
  return userError(field, 'INVALID', `${field}: expected the id of ${type === 'Article' ? 'an Article' : 'a Comment'}, got${shown || ' something else'}`);
}

/**
 * Every field's problems at once, so a form can mark them all. Messages name the rule and
 * what was wrong (a length, a character's code point) and never repeat the email.
 */
export function validateNewComment(input: AddCommentInput): { value: ValidComment } | { errors: UserError[] } {
  const errors: UserError[] = [];
  const push = (e: UserError | null) => e && errors.push(e);

  push(idProblem('articleId', input.articleId, 'Article'));
  if (input.parentId != null) push(idProblem('parentId', input.parentId, 'Comment'));

  const authorName = input.authorName.trim();
  push(
    characterProblem('authorName', input.authorName, NAME_CONTROL) ??
      lengthProblem('authorName', authorName, NAME_MAX) ??
      invisibleProblem('authorName', authorName) ??
      publishedEmailProblem('authorName', authorName),
  );

  const email = input.email.trim().toLowerCase();
  if (INVALID_UNICODE.test(input.email) || email.length > EMAIL_MAX || !EMAIL_PATTERN.test(email) || email.split('@')[0].length > 64) {
    push(userError('email', 'INVALID', `email: expected an address such as name@example.org (at most ${EMAIL_MAX} characters)`));
  }

  // CR LF and lone CR become LF before any check: line breaks are the one control allowed.
  const body = input.body.replace(/\r\n?/g, '\n').trim();
  push(characterProblem('body', body, BODY_CONTROL) ?? lengthProblem('body', body, BODY_MAX) ?? invisibleProblem('body', body) ?? ownEmailProblem(body, email));

  if (errors.length) return { errors };
  return {
    value: {
      articleId: decodeGlobalId(input.articleId)!.id,
      parentId: input.parentId != null ? decodeGlobalId(input.parentId)!.id : null,
      authorName,
      email,
      body,
    },
  };
}

/** A moderator's reason: optional, plain text, bounded. */
export function validateReason(reason: string | null | undefined): { value: string | null } | { error: UserError } {
  if (reason == null) return { value: null };
  const trimmed = reason.replace(/\r\n?/g, '\n').trim();
  if (!trimmed) return { value: null };
  const problem = characterProblem('reason', trimmed, BODY_CONTROL) ?? lengthProblem('reason', trimmed, 1000);
  return problem ? { error: problem } : { value: trimmed };
}
