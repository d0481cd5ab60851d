import { nextDay, shanghaiDay } from '../calendar/calendar.js';
import type { HoldReason, HoldRecordKind, HoldStatus } from '../db/database.js';

/**
 * The rules of long-term holds (保全; R11), pure so they can be tested without a database:
 * - 002-音像 §29: where the party disputes the enforcement or petitions (异议、上访), obstructs or
 *   assaults the officers (逃避、拒绝、阻碍), or the case goes to reconsideration or litigation
 *   (复议、诉讼), or in other important situations, the records are kept long-term **with the
 *   approval of the unit head** (经本单位负责人批准);
 * - 003 §24: the same, with complaints (投诉) and group or sudden incidents (群体性事件、突发事件);
 * - 000 §15 ¶2 and 001 §22 ¶3: such records are kept as long as the case file.
 * A hold is reviewed at least once a year: its review date is required, in the future and at most a
 * year ahead; a hold past it stays in force and shows as 复核到期 to the head until he reviews or
 * releases it.
 */
export const HOLD_REASONS: Record<HoldReason, { zh: string; en: string; basis: string }> = {
  dispute: { zh: '当事人有异议（争议）', en: 'Dispute', basis: '002-音像第二十九条第（一）项；003第二十四条第（一）项' },
  complaint: { zh: '投诉、上访', en: 'Complaint', basis: '003第二十四条第（一）项；000第十五条' },
  obstruction: { zh: '逃避、拒绝、阻碍执法', en: 'Obstruction of enforcement', basis: '002-音像第二十九条第（二）项；003第二十四条第（二）项' },
  incident: { zh: '群体性事件、突发事件', en: 'Incident', basis: '003第二十四条第（三）项；000第十五条' },
  reconsideration: { zh: '行政复议', en: 'Administrative reconsideration', basis: '002-音像第二十九条第（三）项' },
  litigation: { zh: '行政诉讼', en: 'Administrative litigation', basis: '002-音像第二十九条第（三）项' },
};
export const HOLD_REASON_KEYS = Object.keys(HOLD_REASONS) as HoldReason[];
/** What a hold may cover, in the naming of core/records/record-ref.ts ('case': everything of a case). */
export const HOLD_RECORD_KINDS = ['recording', 'case', 'segment', 'flag_clip', 'flag_snapshot', 'document_pdf'] as const satisfies readonly HoldRecordKind[];

/** The latest review date a hold may be given: a year from today (China Standard Time). */
export const HOLD_REVIEW_MAX_DAYS = 366;

/** The refusal and field-problem shapes of the approval rules, shared with the 调用单's. */
export type { FieldProblem, Refusal } from '../access/grant-rules.js';
import type { FieldProblem, Refusal } from '../access/grant-rules.js';

export const HOLD_REFUSALS = {
  self_approval: { code: 'self_approval', rule: '002-音像第二十九条', message: '保全须经记录所属单位负责人批准，申请人不得批准本人的保全申请' },
  no_approver: { code: 'no_approver', rule: '002-音像第二十九条', message: '保全须由记录所属单位负责人批准；没有批准人的保全不能生效' },
  not_owning_unit: { code: 'not_owning_unit', rule: '002-音像第二十九条', message: '只有记录所属单位（或其上级）的负责人可以批准或解除该保全' },
  not_pending: { code: 'not_pending', rule: '002-音像第二十九条', message: '该保全申请已处理，不能再次审批' },
  not_in_force: { code: 'not_in_force', rule: '002-音像第二十九条', message: '该保全未生效或已解除' },
  review_past: { code: 'review_past', rule: '002-音像第二十九条', message: '复核日期已过，须重新确定复核日期后再批准' },
} as const satisfies Record<string, Refusal>;

export const HOLD_FIELD_MESSAGES: Record<string, Record<'zh-CN' | 'en', string>> = {
  'hold.note_required': { 'zh-CN': '请填写保全说明', en: 'Describe the hold' },
  'hold.review_required': { 'zh-CN': '请填写复核日期', en: 'Give the review date' },
  'hold.review_past': { 'zh-CN': '复核日期须在今天之后', en: 'The review date must be after today' },
  'hold.review_too_far': { 'zh-CN': '复核日期最迟为一年之后', en: 'The review date may be a year ahead at most' },
  'hold.window_required': { 'zh-CN': '请选择要保全的录像时段', en: 'Choose the stretch of recording to hold' },
  'hold.window_order': { 'zh-CN': '录像时段的结束时间须晚于开始时间', en: 'The stretch must end after it starts' },
  'hold.record_unknown': { 'zh-CN': '所选记录不存在', en: 'The chosen record does not exist' },
  'hold.release_reason_required': { 'zh-CN': '请填写解除理由', en: 'Give the reason for releasing' },
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** What is wrong with a hold as asked (empty: nothing), checked at `now`. */
export function holdProblems(input: { note: string; reviewOn: string | null | undefined; kind: HoldRecordKind; windowFrom: Date | null; windowTo: Date | null }, now: Date): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!input.note.trim()) problems.push({ path: ['note'], message: 'hold.note_required' });
  problems.push(...reviewProblems(input.reviewOn, now));
  if (input.kind === 'recording') {
    if (!input.windowFrom || !input.windowTo) problems.push({ path: ['windowFrom'], message: 'hold.window_required' });
    else if (!(input.windowTo > input.windowFrom)) problems.push({ path: ['windowTo'], message: 'hold.window_order' });
  }
  return problems;
}

/** A review date: given, after today, at most a year ahead (China Standard Time days). */
export function reviewProblems(reviewOn: string | null | undefined, now: Date): FieldProblem[] {
  if (!reviewOn || !DAY.test(reviewOn)) return [{ path: ['reviewOn'], message: 'hold.review_required' }];
  const today = shanghaiDay(now);
  if (reviewOn <= today) return [{ path: ['reviewOn'], message: 'hold.review_past' }];
  if (reviewOn > nextDay(today, HOLD_REVIEW_MAX_DAYS)) return [{ path: ['reviewOn'], message: 'hold.review_too_far' }];
  return [];
}

/** What the lists show: a hold in force past its review date is 'review_due' (复核到期). */
export type HoldShownStatus = HoldStatus | 'review_due';
export function shownHoldStatus(h: { status: HoldStatus; review_on: string }, now: Date): HoldShownStatus {
  return h.status === 'in_force' && h.review_on <= shanghaiDay(now) ? 'review_due' : h.status;
}
