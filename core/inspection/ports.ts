import { AppError } from '../errors.js';

/**
 * The ports random inspection meets other work through (issue 16; the types as the team agreed them,
 * copied exactly). Credit grades are i16-credit's (core/credit/grade.ts: `gradesOf`) and publication
 * is i16-disclosure's; the composition root passes the real ones in. When joining, the lead may
 * replace these declarations by imports from core/credit/grade.ts and the disclosure module.
 */
export type CreditGrade = 'A' | 'B' | 'C' | 'D';
/** Current grade per business; a business never graded is absent from the map. */
export type CreditGradeSource = (businessIds: readonly string[]) => Promise<Map<string, CreditGrade>>;

// Publication (owned by i16-disclosure): anything else that wants something published asks through this.
export interface PublicationRequest {
  kind: 'inspection_result'; // decisions are composed by disclosure itself from cases
  sourceId: string; // e.g. the inspection item's id
  agencyId: string;
  businessId: string | null;
  title: string;
  body: string; // unmasked draft; disclosure masks, checks and asks approval
  requestedBy: string; // user id
}
export type PublicationRequester = (req: PublicationRequest) => Promise<{ id: string }>;

/**
 * Until the lead wires i16-credit's `gradesOf` (core/credit/grade.ts) in the composition root: no
 * business is graded yet, so every one counts as ungraded (treated as B, core/inspection/frequency.ts).
 */
export const noGradesYet: CreditGradeSource = async () => new Map();

/** Until the lead wires i16-disclosure's requester: publishing records nothing and says so (503). */
export const publicationNotWiredYet: PublicationRequester = async () => {
  throw new AppError('unavailable', 'publication not available yet: public disclosure (issue 16 item 5) is not wired into this platform');
};
