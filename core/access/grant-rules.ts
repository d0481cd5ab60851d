/**
 * The rules of approved, time-boxed access to records (调用单; R12), pure so they can be tested
 * without a database. The seeds behind them:
 * - 000 §18: upper departments and supervision, legal and petition departments may draw records
 *   for their work, and each draw is registered (做好登记);
 * - 001 §24: staff use the records only with the consent of the head, on a signed
 *   《行政执法全过程记录资料调用单》; no one draws archived records privately; §25: persons outside
 *   the unit ask as the rules say; §26: nothing is made public without the head's approval;
 * - 002-音像 §24: access is tiered: one's own level, one's own activity, nothing beyond without
 *   approval; §25: a written request naming reason, matter, time and requester, approved by the
 *   head of the unit (本单位负责人), before any viewing;
 * - 003 §18: a supervised system of drawing records (调阅监督制度).
 */

/** The longest period a grant may be asked for. */
export const GRANT_MAX_DAYS = 30;
/** The longest stretch of one device's recording a request may name. */
export const WINDOW_MAX_DAYS = 31;
const DAY_MS = 86_400_000;

export type GrantStatus = 'pending' | 'approved' | 'refused' | 'revoked' | 'expired' | 'withdrawn';
export type Refusal = { code: string; rule: string; message: string };
export type FieldProblem = { path: string[]; message: string };

/** The refusals of this module, each naming its rule (the web shows `message`, the rule beside it). */
export const GRANT_REFUSALS = {
  self_approval: { code: 'self_approval', rule: '002-音像第二十五条；001第二十四条', message: '调用单须经记录所属单位负责人批准，申请人不得批准本人的申请' },
  not_owning_unit: { code: 'not_owning_unit', rule: '002-音像第二十五条', message: '只有记录所属单位（或其上级）的负责人可以审批或撤销该调用单' },
  no_grant: { code: 'no_grant', rule: '002-音像第二十四条、第二十五条', message: '该记录不在本人权限范围内，须提交调用申请并经所属单位负责人批准' },
  grant_expired: { code: 'grant_expired', rule: '002-音像第二十五条', message: '调用单的有效期已过，须重新申请' },
  grant_revoked: { code: 'grant_revoked', rule: '002-音像第二十五条', message: '调用单已被撤销' },
  not_pending: { code: 'not_pending', rule: '002-音像第二十五条', message: '该申请已处理，不能再次审批' },
  period_over: { code: 'period_over', rule: '002-音像第二十五条', message: '申请的调用期限已过，不能批准' },
  not_requester: { code: 'not_requester', rule: '001第二十四条', message: '只有申请人可以撤回本人的申请' },
} as const satisfies Record<string, Refusal>;

/** Field problems a request may have (message ids of api/http/i18n.ts). */
export const GRANT_FIELD_MESSAGES: Record<string, Record<'zh-CN' | 'en', string>> = {
  'access_request.reason_required': { 'zh-CN': '请填写调用事由', en: 'Give the reason for the request' },
  'access_request.period_order': { 'zh-CN': '调用期限的结束时间须晚于开始时间', en: 'The period must end after it starts' },
  'access_request.period_too_long': { 'zh-CN': `调用期限最长 ${GRANT_MAX_DAYS} 天`, en: `The period may be ${GRANT_MAX_DAYS} days at most` },
  'access_request.period_past': { 'zh-CN': '调用期限的结束时间已过', en: 'The period has already ended' },
  'access_request.window_required': { 'zh-CN': '请选择要调用的录像时段', en: 'Choose the stretch of recording' },
  'access_request.window_order': { 'zh-CN': '录像时段的结束时间须晚于开始时间', en: 'The stretch of recording must end after it starts' },
  'access_request.window_too_long': { 'zh-CN': `录像时段最长 ${WINDOW_MAX_DAYS} 天`, en: `The stretch of recording may be ${WINDOW_MAX_DAYS} days at most` },
  'access_request.record_unknown': { 'zh-CN': '所选记录不存在', en: 'The chosen record does not exist' },
  'access_request.opinion_required': { 'zh-CN': '请填写审批意见', en: 'Give your opinion' },
  'access_request.revoke_reason_required': { 'zh-CN': '请填写撤销理由', en: 'Give the reason for revoking' },
};

export type RequestedPeriod = { from: Date; until: Date };
export type RequestedRecord = { kind: 'device'; id: string; windowFrom: Date | null; windowTo: Date | null } | { kind: 'case' | 'document'; id: string };

/** What is wrong with a request (empty: nothing), checked at `now`. */
export function requestProblems(input: { reason: string; period: RequestedPeriod; record: RequestedRecord }, now: Date): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!input.reason.trim()) problems.push({ path: ['reason'], message: 'access_request.reason_required' });
  const { from, until } = input.period;
  if (!(until > from)) problems.push({ path: ['until'], message: 'access_request.period_order' });
  else if (until.getTime() - from.getTime() > GRANT_MAX_DAYS * DAY_MS) problems.push({ path: ['until'], message: 'access_request.period_too_long' });
  else if (until <= now) problems.push({ path: ['until'], message: 'access_request.period_past' });
  if (input.record.kind === 'device') {
    const { windowFrom, windowTo } = input.record;
    if (!windowFrom || !windowTo) problems.push({ path: ['windowFrom'], message: 'access_request.window_required' });
    else if (!(windowTo > windowFrom)) problems.push({ path: ['windowTo'], message: 'access_request.window_order' });
    else if (windowTo.getTime() - windowFrom.getTime() > WINDOW_MAX_DAYS * DAY_MS) problems.push({ path: ['windowTo'], message: 'access_request.window_too_long' });
  }
  return problems;
}

/** A grant is valid from its approval (never before the period asked) to the period's end. */
export function grantValidity(period: RequestedPeriod, approvedAt: Date): { from: Date; until: Date } | null {
  if (period.until <= approvedAt) return null;
  return { from: period.from > approvedAt ? period.from : approvedAt, until: period.until };
}

/** Whether a grant, as stored, lets its holder read at `now`: approved and inside its validity. */
export function grantActive(g: { status: GrantStatus; valid_from: Date | null; valid_until: Date | null }, now: Date): boolean {
  return g.status === 'approved' && !!g.valid_from && !!g.valid_until && g.valid_from <= now && now < g.valid_until;
}

/** The status a user sees: an approved grant past its end is expired even before the cron marks it. */
export function shownStatus(g: { status: GrantStatus; valid_until: Date | null }, now: Date): GrantStatus {
  return g.status === 'approved' && g.valid_until && g.valid_until <= now ? 'expired' : g.status;
}

/** Why a grant the caller holds no longer lets him read (null: it does). */
export function grantRefusal(g: { status: GrantStatus; valid_from: Date | null; valid_until: Date | null }, now: Date): Refusal | null {
  if (grantActive(g, now)) return null;
  if (g.status === 'revoked') return GRANT_REFUSALS.grant_revoked;
  if (g.status === 'expired' || (g.status === 'approved' && g.valid_until && g.valid_until <= now)) return GRANT_REFUSALS.grant_expired;
  return GRANT_REFUSALS.no_grant;
}

/** Whether a stretch of a device's recording lies inside the window a grant names. */
export function windowCovers(window: { from: Date; to: Date }, range: { from: Date; to: Date }): boolean {
  return window.from <= range.from && range.to <= window.to && range.from <= range.to;
}
