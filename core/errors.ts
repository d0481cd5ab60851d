/** Error codes services may throw; only api/ maps them to HTTP status. */
export type ErrorCode =
  | 'validation_failed'
  | 'invalid_json'
  | 'payload_too_large'
  | 'unauthenticated'
  | 'invalid_credentials'
  | 'session_expired'
  | 'csrf_failed'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'version_conflict'
  /** The time allowed for this answer is over (e.g. a finding's respond_by). */
  | 'deadline_passed'
  | 'rate_limited'
  | 'document_mismatch'
  | 'unavailable'
  /** The database cannot be reached right now (restarting, down): try again shortly. */
  | 'db_unavailable'
  | 'internal';

export type Issue = { path: (string | number)[]; message: string };

export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    public readonly issues?: Issue[],
  ) {
    super(message);
    this.name = 'AppError';
  }
}
