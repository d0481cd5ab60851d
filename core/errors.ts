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
  /** The procedure refuses the act (a stage out of order, a limit run out …): `refusal` names the rule (core/cases). */
  | 'procedure_refused'
  | 'rate_limited'
  | 'document_mismatch'
  | 'unavailable'
  /** The database cannot be reached right now (restarting, down): try again shortly. */
  | 'db_unavailable'
  | 'internal';

/**
 * One field problem. `code` names what is wrong (a zod issue mapped to our vocabulary, e.g.
 * `invalid_choice`, `too_long`, or a domain id such as `uscc.check`), `params` what the text needs
 * (`{ maximum: 100 }`); the web words it in the user's language. Services may throw issues with
 * only `message` set to such an id: the API turns it into `code` and localises `message`.
 */
export type Issue = { path: (string | number)[]; message: string; code?: string; params?: Record<string, string | number> };

export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    public readonly issues?: Issue[],
    /** A refusal of the procedure: its code, the rule broken, and the message (core/cases/refusal.ts). */
    public readonly refusal?: { code: string; rule: string; message: string },
  ) {
    super(message);
    this.name = 'AppError';
  }
}
