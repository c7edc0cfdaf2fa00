/**
 * A `UserError` of the schema: bad input answered in a mutation's payload (the first error
 * channel), never as a stored row. Every mutation's service builds these.
 */
export type UserErrorCode = 'INVALID' | 'NOT_FOUND' | 'DUPLICATE' | 'RATE_LIMITED' | 'CONFLICT' | 'UNREACHABLE';

export interface UserError {
  field: string | null;
  message: string;
  code: UserErrorCode;
  /** RATE_LIMITED only. */
  retryAfterSeconds?: number | null;
}

export function userError(field: string | null, code: UserErrorCode, message: string, retryAfterSeconds: number | null = null): UserError {
  return { field, message, code, retryAfterSeconds };
}
