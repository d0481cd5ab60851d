import { addWorkingDays, type HolidayCalendar } from '../calendar/calendar.js';

/**
 * When a record made in the field must be in the system (R10), and whether an upload came late.
 *
 * - Audio and video: within 24 hours of the recording's end — 003 §23 ("采用音像记录的，……应当在音像
 *   记录制作完成后24小时内，将记录信息存储至指定的行政执法信息系统或者专用存储器，不得自行保管").
 *   It is the strictest of the seeds (002-音像 §23 allows 2 working days) and the one the platform keeps.
 * - Other records (photos, documents): within 2 working days after the day the work ended — 000 §14
 *   ("在2个工作日内按照要求将信息储存至……平台"), 001 §22 (一) ("现场执法过程结束后 2 个工作日内……不得由
 *   经办人员自行保存"). Working days are the legal calendar's (core/calendar: weekends and the
 *   administrator's holidays off, 调休 weekend days worked); the day of capture does not count.
 *
 * A late record is still taken in — never kept privately (000 §14; 001 §22) — but only with the
 * reason it came late (001 §22 (一): "确实不能及时移交" / "特殊情况"), shown wherever it is listed.
 */
export type UploadKind = 'video' | 'audio' | 'photo' | 'document';
export const UPLOAD_KINDS = ['video', 'audio', 'photo', 'document'] as const satisfies readonly UploadKind[];

export type StorageLimit = { amount: number; unit: 'hours' | 'working_days'; basis: string };

export const AV_LIMIT: StorageLimit = { amount: 24, unit: 'hours', basis: '执法全过程记录制度(003)第二十三条:音像记录制作完成后24小时内存储' };
export const OTHER_LIMIT: StorageLimit = { amount: 2, unit: 'working_days', basis: '执法全过程记录制度(000)第十四条、(001)第二十二条:2个工作日内存储' };

export function storageLimit(kind: UploadKind): StorageLimit {
  return kind === 'video' || kind === 'audio' ? AV_LIMIT : OTHER_LIMIT;
}

/** The last moment the record may arrive in the system. */
export function storageDeadline(kind: UploadKind, capturedTo: Date, calendar: HolidayCalendar): Date {
  const limit = storageLimit(kind);
  return limit.unit === 'hours' ? new Date(capturedTo.getTime() + limit.amount * 3600_000) : addWorkingDays(capturedTo, limit.amount, calendar);
}

/** Whether a record arriving at `arrivedAt` is late, with its deadline and the rule. */
export function lateness(kind: UploadKind, capturedTo: Date, arrivedAt: Date, calendar: HolidayCalendar): { late: boolean; deadline: Date; limit: StorageLimit } {
  const deadline = storageDeadline(kind, capturedTo, calendar);
  return { late: arrivedAt.getTime() > deadline.getTime(), deadline, limit: storageLimit(kind) };
}
