/**
 * A refusal of the procedure (R8): what was asked cannot be done, and which rule says so. Every
 * refusal names its rule (an article of a law, a seed rule), so the officer knows what to do and
 * the ledger shows why nothing changed.
 */
export type RefusalCode =
  | 'stage_out_of_order'
  | 'wrong_procedure'
  | 'already_recorded'
  | 'role_not_permitted'
  | 'officers_required'
  | 'certificate_missing'
  | 'not_an_investigator'
  | 'reviewer_investigated'
  | 'chair_investigated'
  | 'checklist_incomplete'
  | 'limit_expired'
  | 'limit_not_reached'
  | 'simple_limit_exceeded'
  | 'invalid_amount'
  | 'penalty_required'
  | 'legal_review_required'
  | 'legal_review_not_passed'
  | 'collective_discussion_required'
  | 'heavier_than_notice'
  | 'heavier_after_defence'
  | 'hearing_required'
  | 'hearing_waived'
  | 'statement_empty'
  | 'hearing_notice_too_late'
  | 'hearing_chair_mismatch'
  | 'materials_missing'
  | 'clock_not_running'
  | 'clock_paused'
  | 'clock_not_paused'
  | 'extension_not_allowed'
  | 'evidence_missing'
  | 'flag_not_confirmed'
  | 'flags_of_one_business'
  | 'closing_incomplete'
  | 'decision_not_served'
  | 'already_performed'
  | 'payment_invalid'
  | 'not_closed'
  | 'already_archived'
  | 'retention_too_short'
  | 'case_archived'
  // Service of documents (api/delivery)
  | 'no_confirmed_address'
  | 'not_served_to_party'
  | 'already_serving'
  | 'already_served'
  | 'already_acknowledged';

/** One item a closing lacks (completeness.ts): what, in Chinese, and the rule that asks for it. */
export type Gap = { item: string; zh: string; rule: string };

export type Refusal = { code: RefusalCode; rule: string; message: string; missing?: Gap[] };

export const refusal = (code: RefusalCode, rule: string, message: string): Refusal => ({ code, rule, message });
