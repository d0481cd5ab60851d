import { z } from '../http/openapi.js';
import { CHECKLIST_POINTS } from '../../core/cases/checklist.js';
import { PENALTY_KINDS } from '../../core/cases/major.js';
import { REVIEW_MATERIALS, STAGE_KINDS, type StageKind } from '../../core/cases/procedure.js';

const text = (max = 5000) => z.string().trim().min(1).max(max);
const optText = (max = 5000) => z.string().trim().max(max).optional();
const yuan = z.union([z.string().max(20), z.number()]);

/** A penalty as the officer types it: amounts in yuan (a positive number, at most two decimals); the service turns them into fen. */
export const PenaltyInput = z.object({ kinds: z.array(z.enum(PENALTY_KINDS)).min(1).max(PENALTY_KINDS.length), fineYuan: yuan.optional(), confiscationYuan: yuan.optional() }).strict();
const Art58Input = z.object({ publicInterest: z.boolean().optional(), majorRights: z.boolean().optional(), complex: z.boolean().optional(), otherLaw: z.boolean().optional() }).strict();

/** What each stage records (the rules read some fields; the templates print all of them). */
export const STAGE_FIELDS: Record<Exclude<StageKind, 'acceptance'>, z.ZodType> = {
  filing: z.object({ report: text(), basis: optText() }).strict(),
  filing_approval: z.object({ opinion: text() }).strict(),
  filing_refusal: z.object({ reason: text() }).strict(),
  on_site_inspection: z.object({ place: text(500), findings: text() }).strict(),
  inquiry: z.object({ subject: text(200), record: text(20000) }).strict(),
  evidence_preservation: z.object({ items: text(), reason: text() }).strict(),
  evidence_preservation_handled: z.object({ decision: text() }).strict(),
  seizure: z.object({ items: text(), reason: text(), majorCoercion: z.boolean().default(false) }).strict(),
  seizure_handled: z.object({ decision: text() }).strict(),
  appraisal: z.object({ institution: text(200), subject: text(), report: optText() }).strict(),
  investigation_end: z.object({ facts: text(), evidenceSummary: text(), proposal: text(), art58: Art58Input.default({}) }).strict(),
  panel_discussion: z.object({ opinion: text() }).strict(),
  approval: z.object({ opinion: text(), penalty: PenaltyInput }).strict(),
  prior_notice: z.object({ facts: text(), legalBasis: text(), penalty: PenaltyInput, hearingRight: z.boolean() }).strict(),
  statement: z.union([z.object({ waived: z.literal(true), statement: optText() }).strict(), z.object({ waived: z.literal(false).default(false), statement: text(20000) }).strict()]),
  hearing_request: z.object({ requestedBy: text(200), note: optText() }).strict(),
  hearing_notice: z.object({ hearingAt: z.coerce.date(), place: text(500), chairId: z.uuid() }).strict(),
  hearing: z.object({ chairId: z.uuid(), record: text(20000) }).strict(),
  legal_review_request: z.object({ materials: z.array(z.enum(Object.keys(REVIEW_MATERIALS) as [keyof typeof REVIEW_MATERIALS])).min(1), situation: text() }).strict(),
  legal_review: z.object({ passed: z.enum(['passed', 'supplement', 'rejected']), opinion: text() }).strict(),
  collective_discussion: z.object({ conclusion: text() }).strict(),
  decision: z
    .object({ outcome: z.enum(['penalty', 'no_penalty', 'not_established', 'transfer']).default('penalty'), penalty: PenaltyInput.optional(), facts: text(), legalBasis: text(), performance: optText(), remedy: optText() })
    .strict(),
  on_the_spot_decision: z.object({ factsCertain: z.boolean(), facts: text(), legalBasis: text(), penalty: PenaltyInput }).strict(),
  record_report: z.object({ note: text() }).strict(),
  reminder: z.object({ performWithinDays: z.number().int().min(1).max(10), method: text(500), amountDueYuan: yuan.optional() }).strict(),
  enforcement: z.object({ method: text() }).strict(),
  closing: z.object({ summary: text() }).strict(),
};

export const Participant = z.object({ name: text(100), role: text(50), idNo: z.string().max(40).nullish(), userId: z.uuid().nullish() }).strict();

export const StageBody = z
  .object({
    kind: z.enum(STAGE_KINDS),
    expectedVersion: z.number().int().min(1),
    officerIds: z.array(z.uuid()).max(10).optional(),
    participants: z.array(Participant).max(50).optional(),
    fields: z.record(z.string(), z.unknown()),
    evidenceIds: z.array(z.uuid()).max(200).optional(),
    media: z.array(z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), title: text(200) }).strict()).max(50).optional(),
  })
  .strict();

const Opening = {
  procedure: z.enum(['simple', 'general']).default('general'),
  cause: text(500),
  category: z.string().trim().min(1).max(4),
  investigatorIds: z.array(z.uuid()).min(2).max(10),
  partyKind: z.enum(['person', 'organisation']).optional(),
  summary: text(),
  headOpinion: optText(),
};
export const FileFromFlagsBody = z.object({ ...Opening, flagIds: z.array(z.uuid()).min(1).max(50) }).strict();
export const OpenByHandBody = z
  .object({ ...Opening, businessId: z.uuid(), siteId: z.uuid().nullish(), source: z.enum(['complaint', 'inspection', 'transfer', 'assignment']), sourceDetail: text(), receivedAt: z.coerce.date().optional() })
  .strict();

const Answer = z.object({ met: z.boolean(), note: z.string().trim().max(1000).nullish() }).strict();
export const ChecklistBody = z.object({ checklist: z.object(Object.fromEntries(CHECKLIST_POINTS.map((p) => [p, Answer.optional()]))).strict(), expectedVersion: z.number().int().min(1) }).strict();
export const EvidenceBody = z.object({ title: text(200), description: text() }).strict();

const CLOCKS = ['filing', 'evidence_preservation', 'seizure', 'hearing_request', 'legal_review', 'decision', 'reminder'] as const;
export const PauseBody = z.object({ clock: z.enum(CLOCKS), reason: text(2000), expectedVersion: z.number().int().min(1) }).strict();
export const ResumeBody = z.object({ clock: z.enum(CLOCKS), expectedVersion: z.number().int().min(1) }).strict();
export const ExtensionBody = z.object({ clock: z.enum(CLOCKS), amount: z.number().int().min(1).max(90), reason: text(2000), expectedVersion: z.number().int().min(1) }).strict();
export const ExtensionDecisionBody = z.object({ approve: z.boolean(), note: optText(2000), expectedVersion: z.number().int().min(1) }).strict();
export const FilingLimitBody = z.object({ amount: z.number().int().min(1).max(90), unit: z.enum(['working_days', 'natural_days']), basis: text(500) }).strict();

export const ListQuery = z.object({
  state: z.string().max(40).optional(),
  procedure: z.enum(['simple', 'general']).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  officerId: z.uuid().optional(),
  businessId: z.uuid().optional(),
  /** The case a flag was filed in (the flag's page links to it). */
  flagId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
