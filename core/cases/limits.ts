import { addWorkingDays, secondsLeft, type HolidayCalendar } from '../calendar/calendar.js';
import { legalDeadline, type ClockExtension, type ClockPause, type LegalLimit } from '../calendar/legal-clock.js';

/**
 * The time limits of a case on the legal clock (R8). Pure: each limit, the rule that sets it,
 * whether it may be paused or extended, and where a clock stands. "二日…七日" are working days
 * (行政处罚法 art. 85; 行政强制法 art. 69: limits of up to ten days); the 90 and 30 days are natural
 * days; how a period is counted is core/calendar/legal-clock.ts.
 */
export type ClockKind =
  | 'filing'
  | 'evidence_preservation'
  | 'seizure'
  | 'hearing_request'
  | 'statement'
  | 'legal_review'
  | 'decision'
  | 'reminder'
  | 'payment'
  | 'court_application'
  | 'archive'
  | 'service';

export type LimitRule = LegalLimit & {
  label: string;
  /** An approved extension: at most `max` times, each at most `maxAmount` (in the limit's unit). */
  extension: { max: number; maxAmount: number; basis: string } | null;
  /** Time that does not count (an appraisal within a seizure) may be paused out. */
  pausable: string | null;
  /**
   * 'agency': the authority must act before it runs out (an act after it is refused unless
   * extended); 'party': a window the party has (a hearing request after it is refused).
   */
  owner: 'agency' | 'party';
};

/**
 * The filing limit's default: nothing in the seeds or the laws here fixes a number. 002 §17 says
 * "经审查符合立案标准，应在规定时间内立案" and 行政处罚法 art. 54 ¶2 "应当及时立案". We take 7 working days
 * from the flag's confirmation (or the case's acceptance): the seven days of the health rules'
 * filing limit (卫生行政处罚程序, 1997: "七日内立案"; the 2025 rule is not in shared/law), counted as
 * working days under art. 85. Administrators may set another number (case_settings).
 */
export const DEFAULT_FILING_LIMIT: LegalLimit = { amount: 7, unit: 'working_days', basis: '行政处罚法第五十四条第二款（及时立案）；002第十七条' };

export const LIMITS: Record<Exclude<ClockKind, 'filing' | 'reminder' | 'court_application' | 'statement'>, LimitRule> = {
  evidence_preservation: { amount: 7, unit: 'working_days', basis: '行政处罚法第五十六条', label: '证据先行登记保存处理决定', extension: null, pausable: null, owner: 'agency' },
  seizure: {
    amount: 30,
    unit: 'natural_days',
    basis: '行政强制法第二十五条第一款',
    label: '查封、扣押期限',
    extension: { max: 1, maxAmount: 30, basis: '行政强制法第二十五条第一款' },
    pausable: '行政强制法第二十五条第三款（检测、检验、检疫或者技术鉴定的期间不计入）',
    owner: 'agency',
  },
  hearing_request: { amount: 5, unit: 'working_days', basis: '行政处罚法第六十四条第（一）项', label: '当事人要求听证期限', extension: null, pausable: null, owner: 'party' },
  legal_review: { amount: 7, unit: 'working_days', basis: '004附表3第七条', label: '法制审核期限', extension: { max: 1, maxAmount: 7, basis: '004附表3第七条' }, pausable: null, owner: 'agency' },
  decision: {
    amount: 90,
    unit: 'natural_days',
    basis: '行政处罚法第六十条',
    label: '作出行政处罚决定期限',
    extension: { max: 1, maxAmount: 30, basis: '行政处罚法第六十条（法律、法规、规章另有规定的，从其规定）' },
    pausable: '行政处罚法第六十条（法律、法规、规章另有规定的，从其规定：听证、鉴定期间）',
    owner: 'agency',
  },
  // 行政处罚法 art. 67 ¶3: the party pays within fifteen days of receiving the decision (natural
  // days: art. 85 makes only 二日…七日 working days). Its start is the decision's service
  // (api/cases/decision-served.ts); late, a late fine of 3 % a day runs (art. 72(1)(1); payment.ts).
  payment: { amount: 15, unit: 'natural_days', basis: '行政处罚法第六十七条第三款', label: '缴纳罚款期限', extension: null, pausable: null, owner: 'party' },
  // 003 §22: "行政执法机关应当在行政执法行为终结之日起30日内……及时归档保存"; 001 §22(2) the same without a number.
  archive: { amount: 30, unit: 'natural_days', basis: '003第二十二条', label: '归档期限', extension: null, pausable: null, owner: 'agency' },
  // 行政处罚法 art. 61 ¶1: a decision not handed over on the spot is served within seven days (working
  // days: art. 85) under the 民事诉讼法. Started by the decision, stopped when its service completes
  // (api/delivery: the earliest effective arrival, or a recorded method).
  service: { amount: 7, unit: 'working_days', basis: '行政处罚法第六十一条第一款、第八十五条', label: '送达行政处罚决定书期限', extension: null, pausable: null, owner: 'agency' },
};

export const FILING_RULE = (limit: LegalLimit): LimitRule => ({ ...limit, label: '立案期限', extension: { max: 1, maxAmount: limit.amount, basis: limit.basis }, pausable: null, owner: 'agency' });
/** 行政强制法 art. 37: enforcement only after the period the reminder gave has passed (≤ 10 days are working days, art. 69). */
export const REMINDER_RULE = (days: number): LimitRule => ({ amount: days, unit: 'working_days', basis: '行政强制法第三十五条、第三十七条', label: '催告履行期限', extension: null, pausable: null, owner: 'party' });
/**
 * 行政强制法 art. 53: the agency (without enforcement power of its own) may apply to the court
 * within three months after the period to seek reconsideration or to sue ran out. Stored as the
 * natural days from the reminder that starts it to the window's last day (court-window.ts).
 */
export const COURT_APPLICATION_RULE = (days: number): LimitRule => ({ amount: days, unit: 'natural_days', basis: '行政强制法第五十三条', label: '申请人民法院强制执行期限', extension: null, pausable: null, owner: 'agency' });

/**
 * The party's statement and defence (行政处罚法 arts. 44, 45): the period the prior notice prints
 * ("可在收到本告知书之日起 N 个工作日内", the agency's document setting, 3–15 working days), a window
 * of the party's: its own statement after it is refused (an officer may still record one the
 * party handed in on paper in time).
 */
export const STATEMENT_RULE = (days: number): LimitRule => ({ amount: days, unit: 'working_days', basis: '行政处罚法第四十四条、第四十五条（事先告知书载明的陈述、申辩期限）', label: '当事人陈述、申辩期限', extension: null, pausable: null, owner: 'party' });

/** The hearing's notice must reach the party at least seven working days before (行政处罚法 art. 64(2)). */
export const HEARING_NOTICE_DAYS = 7;
export function earliestHearing(noticeAt: Date, calendar: HolidayCalendar): Date {
  // Seven whole working days lie between the notice and the hearing: it may be held from the day after the 7th.
  return new Date(addWorkingDays(noticeAt, HEARING_NOTICE_DAYS, calendar).getTime() + 1);
}

export type ClockInput = { kind: ClockKind; rule: LimitRule; startedAt: Date; stoppedAt: Date | null; pauses: ClockPause[]; extensions: ClockExtension[] };

export type ClockView = {
  kind: ClockKind;
  label: string;
  basis: string;
  limit: { amount: number; unit: LegalLimit['unit'] };
  startedAt: Date;
  stoppedAt: Date | null;
  dueAt: Date | null;
  paused: boolean;
  extendedBy: number;
  /** Seconds left (negative when overdue); null when paused or stopped. */
  secondsLeft: number | null;
  overdue: boolean;
  owner: 'agency' | 'party';
};

/** Where one clock stands at `now`. A stopped clock was met when it stopped before its due time. */
export function clockView(c: ClockInput, calendar: HolidayCalendar, now: Date): ClockView {
  const s = legalDeadline({ start: c.startedAt, limit: c.rule, calendar, pauses: c.pauses, extensions: c.extensions });
  const until = c.stoppedAt ?? now;
  const overdue = s.dueAt !== null && until.getTime() > s.dueAt.getTime();
  return {
    kind: c.kind,
    label: c.rule.label,
    basis: c.rule.basis,
    limit: { amount: c.rule.amount, unit: c.rule.unit },
    startedAt: c.startedAt,
    stoppedAt: c.stoppedAt,
    dueAt: s.dueAt,
    paused: s.paused,
    extendedBy: s.extendedBy,
    secondsLeft: c.stoppedAt || !s.dueAt ? null : secondsLeft(s.dueAt, now),
    overdue,
    owner: c.rule.owner,
  };
}
