import { z } from '../http/openapi.js';
import { CHECKLIST_POINTS } from '../../core/cases/checklist.js';
import { PENALTY_KINDS } from '../../core/cases/major.js';
import { REVIEW_MATERIALS, STAGE_KINDS, type RecordedKind, type StageKind } from '../../core/cases/procedure.js';
import { approval, correction, goodsList, payment, person, personSignature, provisions, span } from '../../core/documents/case-templates/fields.js';
import { CLOSING_OUTCOMES } from '../../core/documents/case-templates/closing-report.v1.js';
import { HEARING_PRIVATE_REASONS } from '../../core/documents/case-templates/hearing-notice.v1.js';
import { REVIEW_CONCLUSIONS, REVIEW_GROUNDS, REVIEW_POINTS } from '../../core/documents/case-templates/legal-review-opinion.v1.js';

const text = (max = 5000) => z.string().trim().min(1).max(max);
const optText = (max = 5000) => z.string().trim().max(max).optional();
const yuan = z.union([z.string().max(20), z.number()]);

/** A penalty as the officer types it: amounts in yuan (a positive number, at most two decimals); the service turns them into fen. */
export const PenaltyInput = z.object({ kinds: z.array(z.enum(PENALTY_KINDS)).min(1).max(PENALTY_KINDS.length), fineYuan: yuan.optional(), confiscationYuan: yuan.optional() }).strict();
/** What a non-money penalty names: the licence suspended or revoked, the period (行政处罚法 art. 9). */
const PenaltyDetail = z.object({ licence: text(200).optional(), period: text(50).optional() }).strict();
const Art58Input = z.object({ publicInterest: z.boolean().optional(), majorRights: z.boolean().optional(), complex: z.boolean().optional(), otherLaw: z.boolean().optional() }).strict();

/*
 * What only the officer knows for the stage's document (issue 13), in the templates' own shapes
 * (core/documents/case-templates/fields.ts). All optional here, so older clients still record
 * the stage; a value the document needs and nobody gave is refused by the document's template
 * (400, field named in Chinese, nothing recorded).
 */
const names = (max = 10) => z.array(text(50)).max(max);
const Opinions = z.array(z.object({ name: text(50), opinion: text(2000) }).strict()).min(1).max(30);
const Interviewee = z
  .object({ name: text(50), gender: z.enum(['男', '女']).optional(), idNumber: optText(30), employer: optText(200), position: text(100), phone: optText(30), address: optText(200) })
  .strict();
const Collection = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('on_spot'), reason: z.enum(['100元以下', '不当场收缴事后难以执行']), receiptNo: text(60) }).strict(),
  z.object({ kind: z.literal('bank'), payment }).strict(),
]);
const Provisions = { violated: provisions('违反的法律规定').optional(), basis: provisions('处罚依据').optional() };
const Goods = { goods: goodsList('物品清单').optional(), keptAt: optText(200), headOpinion: optText(1000) };

/** What each stage records (the rules read some fields; the templates print all of them). */
export const STAGE_FIELDS: Record<Exclude<StageKind, RecordedKind>, z.ZodType> = {
  filing: z.object({ report: text(), basis: optText() }).strict(),
  filing_approval: z.object({ opinion: text() }).strict(),
  filing_refusal: z.object({ reason: text() }).strict(),
  on_site_inspection: z.object({ place: text(500), findings: text(), time: span('检查').optional(), present: person('在场人').optional(), witness: person('见证人').optional(), presentSignature: personSignature('在场人').optional(), witnessSignature: personSignature('见证人').optional(), recordings: z.array(text(200)).max(50).optional(), recorder: optText(50), remarks: optText(500), certificatesShown: z.boolean().optional() }).strict(),
  inquiry: z.object({ subject: text(200), record: text(20000), time: span('询问').optional(), place: optText(200), recorder: optText(50), interviewee: Interviewee.optional(), rightsExplained: z.boolean().optional(), recusalRequested: z.boolean().optional(), qa: z.array(z.object({ q: text(2000), a: text(5000) }).strict()).min(1).max(300).optional(), intervieweeSignature: personSignature('被询问人').optional() }).strict(),
  evidence_preservation: z.object({ items: text(), reason: text(), ...Goods, basis: provisions('依据').optional(), keeping: z.enum(['就地保存', '异地保存']).optional() }).strict(),
  evidence_preservation_handled: z.object({ decision: text() }).strict(),
  seizure: z.object({ items: text(), reason: text(), majorCoercion: z.boolean().default(false), ...Goods, measure: z.enum(['查封', '扣押']).optional(), basis: provisions('查封扣押的依据').optional(), days: z.number().int().min(1).max(30).optional() }).strict(),
  seizure_handled: z.object({ decision: text() }).strict(),
  appraisal: z.object({ institution: text(200), subject: text(), report: optText() }).strict(),
  investigation_end: z
    .object({ facts: text(), evidenceSummary: text(), proposal: text(), art58: Art58Input.default({}), proposalKind: z.enum(['penalty', 'minor', 'not_established', 'transfer']).optional(), ...Provisions, penalty: PenaltyInput.optional(), penaltyDetail: PenaltyDetail.optional(), discretion: optText(3000), process: optText(3000) })
    .strict(),
  panel_discussion: z.object({ opinion: text(), place: optText(200), chair: optText(50), recorder: optText(50), summary: optText(3000), opinions: Opinions.optional() }).strict(),
  approval: z.object({ opinion: text(), penalty: PenaltyInput }).strict(),
  prior_notice: z.object({ facts: text(), legalBasis: text(), penalty: PenaltyInput, hearingRight: z.boolean(), ...Provisions, penaltyDetail: PenaltyDetail.optional(), discretion: optText(2000), otherHearingGround: optText(300) }).strict(),
  statement: z.union([z.object({ waived: z.literal(true), statement: optText(), hearingWaived: z.boolean().default(false) }).strict(), z.object({ waived: z.literal(false).default(false), statement: text(20000), hearingWaived: z.boolean().default(false) }).strict()]),
  hearing_request: z.object({ requestedBy: text(200), note: optText() }).strict(),
  hearing_notice: z.object({ hearingAt: z.coerce.date(), place: text(500), chairId: z.uuid(), chairPosition: optText(50), public: z.boolean().optional(), privateReason: z.enum(HEARING_PRIVATE_REASONS).optional(), hearingOfficers: names(4).optional(), clerk: optText(50), extra: optText(500) }).strict(),
  hearing: z
    .object({
      chairId: z.uuid(),
      record: text(20000),
      time: span('听证').optional(),
      public: z.boolean().optional(),
      privateReason: z.enum(HEARING_PRIVATE_REASONS).optional(),
      clerk: optText(50),
      hearingOfficers: names(4).optional(),
      attendees: z.array(z.object({ name: text(50), capacity: z.enum(['当事人', '法定代表人', '委托代理人']) }).strict()).min(1).max(4).optional(),
      recusal: z.object({ requested: z.boolean(), decision: optText(500) }).strict().optional(),
      investigatorsCase: optText(5000),
      defence: optText(5000),
      exchanges: z.array(z.object({ speaker: text(50), text: text(3000) }).strict()).max(300).optional(),
      finalStatement: optText(2000),
      partySignature: personSignature('当事人（代理人）').optional(),
    })
    .strict(),
  legal_review_request: z.object({ materials: z.array(z.enum(Object.keys(REVIEW_MATERIALS) as [keyof typeof REVIEW_MATERIALS])).min(1), situation: text() }).strict(),
  legal_review: z
    .object({ passed: z.enum(['passed', 'supplement', 'rejected']), opinion: text(), points: z.object(Object.fromEntries(Object.keys(REVIEW_POINTS).map((k) => [k, text(1000)])) as Record<keyof typeof REVIEW_POINTS, ReturnType<typeof text>>).strict().optional(), conclusion: z.enum(REVIEW_CONCLUSIONS).optional(), grounds: z.array(z.enum(REVIEW_GROUNDS)).min(1).max(4).optional(), qualification: optText(60) })
    .strict(),
  collective_discussion: z.object({ conclusion: text(), place: optText(200), chair: optText(50), others: z.array(text(100)).max(20).optional(), reporter: optText(50), recorder: optText(50), summary: optText(5000), opinions: Opinions.optional() }).strict(),
  decision: z
    .object({ outcome: z.enum(['penalty', 'no_penalty', 'not_established', 'transfer']).default('penalty'), penalty: PenaltyInput.optional(), facts: text(), legalBasis: text(), performance: optText(), remedy: optText(), ...Provisions, penaltyDetail: PenaltyDetail.optional(), discretion: optText(2000), correction: correction.optional(), statementReview: optText(2000) })
    .strict(),
  on_the_spot_decision: z.object({ factsCertain: z.boolean(), facts: text(), legalBasis: text(), penalty: PenaltyInput, ...Provisions, place: optText(200), actAt: z.iso.datetime({ offset: true }).optional(), collection: Collection.optional(), correction: correction.optional(), partySignature: personSignature('当事人').optional() }).strict(),
  record_report: z.object({ note: text() }).strict(),
  reminder: z.object({ performWithinDays: z.number().int().min(1).max(10), method: text(500), amountDueYuan: yuan.optional(), servedOn: z.iso.date().optional(), duty: optText(1000), note: optText(500) }).strict(),
  enforcement: z.object({ method: text() }).strict(),
  closing: z.object({ summary: text(), outcome: z.enum(CLOSING_OUTCOMES).optional(), execution: optText(3000), remedies: optText(1000), headApproval: approval('负责人审批').optional() }).strict(),
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
  /** The unit head who gave the opinion (named on the 案件受理记录). */
  headId: z.uuid().optional(),
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
  // Issue 16 (the dashboard's drill-downs): the agency's subtree, and cases filed in [from, to).
  regionId: z.uuid().optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

const setting = (max: number) => z.string().trim().min(1).max(max).nullable();
/** The agency's document settings (settings.admin); null clears one (a decision then names it as missing). */
export const DocumentSettingsBody = z
  .object({
    reconsiderationBody: setting(200),
    court: setting(200),
    paymentPayee: setting(200),
    paymentAccount: setting(60),
    paymentChannel: setting(300),
    contactAddress: setting(200),
    contactPhone: setting(30),
    largeAmountPersonFen: z.number().int().positive().max(2_000_000_000).nullable(),
    largeAmountOrganisationFen: z.number().int().positive().max(2_000_000_000).nullable(),
    statementDays: z.number().int().min(3).max(15).default(3),
  })
  .strict();

/** A payment (amount in yuan, the day paid, the receipt or bank reference, an uploaded file) or its absence. */
export const PaymentBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('paid'), amountYuan: yuan, paidOn: z.iso.date(), reference: text(200), fileSha256: z.string().regex(/^[0-9a-f]{64}$/).optional(), fileName: optText(200), note: optText(2000), expectedVersion: z.number().int().min(1) }).strict(),
  z.object({ kind: z.literal('not_paid'), note: optText(2000), expectedVersion: z.number().int().min(1) }).strict(),
]);
export const ArchiveBody = z.object({ retentionClass: z.enum(['permanent', 'years30', 'years10']), note: optText(2000), expectedVersion: z.number().int().min(1) }).strict();
