import { z } from '../http/openapi.js';

export const IdParam = z.object({ id: z.uuid() });
export const PhotoParam = z.object({ id: z.uuid(), photoId: z.uuid() });

const AnswerInput = z.strictObject({
  key: z.string().min(1).max(80),
  answer: z.enum(['yes', 'no', 'na']).nullable(),
  note: z.string().max(2000),
  photoIds: z.array(z.uuid()).max(20),
});

export const CreateReportInput = z
  .strictObject({ businessId: z.uuid(), periodStart: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), siteId: z.uuid().nullable().optional() })
  .openapi('CreateSelfReport');
export const SaveAnswersInput = z.strictObject({ answers: z.array(AnswerInput).max(100) }).openapi('SaveSelfReportAnswers');
export const PhotoQuery = z.object({ item: z.string().min(1).max(80) });
export const CodeInput = z.strictObject({ channel: z.enum(['email', 'sms']) }).openapi('SelfReportCodeRequest');
export const SignInput = z
  .strictObject({ code: z.string().regex(/^\d{6}$/), signerName: z.string().trim().min(1).max(100), contentSha256: z.string().regex(/^[0-9a-f]{64}$/) })
  .openapi('SignSelfReport');
export const ReviewInput = z.strictObject({ decision: z.enum(['accept', 'return', 'falsified']), note: z.string().max(2000).nullable().optional() }).openapi('ReviewSelfReport');
export const CloseCheckInput = z.strictObject({ reason: z.string().trim().min(1).max(2000) }).openapi('CloseRoutineCheck');
export const QueueQuery = z.object({ status: z.enum(['submitted', 'accepted', 'returned', 'falsified']).optional() });
export const BusinessQuery = z.object({ businessId: z.uuid() });

const Answer = z.object({ key: z.string(), answer: z.enum(['yes', 'no', 'na']).nullable(), note: z.string(), photoIds: z.array(z.string()) });
const Period = z.object({ key: z.string(), start: z.string(), end: z.string(), due: z.string(), closes: z.string(), label: z.string() });
const Item = z.object({ key: z.string(), text: z.string(), basis: z.string(), photo: z.boolean() });
export const Checklist = z.object({ category: z.string(), version: z.number(), title: z.string(), items: z.array(Item) });

export const ReportSummaryDto = z
  .object({
    id: z.string(),
    businessId: z.string(),
    businessName: z.string().optional(),
    agencyName: z.string().optional(),
    period: Period,
    version: z.number(),
    status: z.enum(['draft', 'submitted', 'accepted', 'returned', 'falsified']),
    late: z.boolean(),
    signedAt: z.string().nullable(),
    signerName: z.string().nullable(),
    reviewedAt: z.string().nullable(),
    routineCheckClosed: z.boolean(),
  })
  .openapi('SelfReportSummary');

export const ReportDto = ReportSummaryDto.extend({
  category: z.string(),
  checklist: Checklist,
  answers: z.array(Answer),
  photos: z.array(z.object({ id: z.string(), itemKey: z.string(), sha256: z.string(), mediaType: z.string(), size: z.number(), uploadedAt: z.string() })),
  /** The commitment text signed (or, for a draft, the text that would be signed) and the SHA-256 over the report and it. */
  commitment: z.string(),
  contentSha256: z.string().nullable(),
  signature: z
    .object({ signerName: z.string(), identityMethod: z.string(), identityAddress: z.string().nullable(), signedAt: z.string(), ip: z.string().nullable(), userAgent: z.string().nullable() })
    .nullable(),
  review: z.object({ reviewedBy: z.string().nullable(), reviewedAt: z.string().nullable(), note: z.string().nullable() }),
  routineCheck: z.object({ closed: z.boolean(), closedBy: z.string().nullable(), closedAt: z.string().nullable(), reason: z.string().nullable() }),
  supersedes: z.string().nullable(),
  history: z.array(ReportSummaryDto),
  /** What the caller may do now. */
  actions: z.array(z.enum(['edit', 'sign', 'review', 'close_check', 'correct'])),
  codeChannels: z.array(z.object({ channel: z.enum(['email', 'sms']), address: z.string() })),
}).openapi('SelfReport');

export const PeriodsDto = z
  .object({
    business: z.object({ id: z.string(), name: z.string(), category: z.string() }),
    length: z.enum(['month', 'quarter']),
    checklist: Checklist,
    periods: z.array(z.object({ period: Period, state: z.enum(['upcoming', 'open', 'late', 'missing', 'submitted', 'submitted_late']), dueAt: z.string(), latest: ReportSummaryDto.nullable(), versions: z.number() })),
    canSubmit: z.boolean(),
  })
  .openapi('SelfReportPeriods');

export const OverdueDto = z
  .object({ items: z.array(z.object({ businessId: z.string(), businessName: z.string(), agencyName: z.string(), period: Period, state: z.enum(['late', 'missing']), dueAt: z.string() })) })
  .openapi('SelfReportOverdue');
