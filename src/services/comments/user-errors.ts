/** A `UserError` of the schema: bad input answered in the payload, never as a stored row. */
export type UserErrorCode = 'INVALID' | 'NOT_FOUND' | 'DUPLICATE' | 'RATE_LIMITED' | 'CONFLICT';

export interface UserError {
  field: string | null;
  message: string;
  code: UserErrorCode;
  retryAfterSeconds: number | null;
}

export function userError(field: string | null, code: UserErrorCode, message: string, retryAfterSeconds: number | null = null): UserError {
  return { field, message, code, retryAfterSeconds };
}
