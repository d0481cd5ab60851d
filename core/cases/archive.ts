import { shanghaiDay } from '../calendar/calendar.js';
import type { CaseFacts } from './procedure.js';
import { refusal, type Refusal } from './refusal.js';

/**
 * Archiving a closed case (R10; issue 14 item 5). Pure.
 *
 * What the seeds say, word for word where it matters:
 * - 003 §22: "行政执法机关应当在行政执法行为终结之日起30日内，按照有关法律、法规和档案管理规定及时归档保存
 *   行政执法全过程记录资料" — thirty days from the end (the 'archive' clock, limits.ts).
 * - 001 §21 / 000 §13: a designated person keeps the records (the archivist: 'record.archive').
 * - 001 §24: "任何个人不得私自调用已归档的行政执法全过程记录" — every read of an archived case is logged.
 * - Periods of the case file: 000 §15(1) and 001 §22(4) say only that written records are kept
 *   "参照《机关文件材料归档范围和文书档案保管期限规定》执行"; that regulation (国家档案局令第8号, 2006)
 *   is not among the seeds or shared/law. Its classes are 永久 and 定期 (30 and 10 years), which
 *   are offered here; the archivist picks the class the agency's 保管期限表 gives.
 * - Audio and video used as evidence: "保存期限应当与案卷保存期限相同" (001 §22(3); 000 §15(2)); the
 *   case's recordings carry the retention class 'case' and ordinary retention never purges them
 *   (core/retention/recording-retention.ts purges only 'ordinary').
 * - 003 §24(1): where the party objected, complained or petitioned, the recordings are kept
 *   long-term ("长期保存") — so the case file with them is kept permanently: a shorter class is
 *   refused.
 */
export const RETENTION_CLASSES = {
  permanent: { zh: '永久', years: null },
  years30: { zh: '定期30年', years: 30 },
  years10: { zh: '定期10年', years: 10 },
} as const;
export type RetentionClass = keyof typeof RETENTION_CLASSES;
export const RETENTION_CLASS_KEYS = Object.keys(RETENTION_CLASSES) as RetentionClass[];
export const RETENTION_BASIS = '000第十五条第（一）项；001第二十二条第（三）项、第（四）项（参照《机关文件材料归档范围和文书档案保管期限规定》）';
export const ARCHIVE_READ_RULE = '001第二十四条';
export const ARCHIVED_RULE = '003第二十二条；001第二十四条';

/** The party disputed the case (a defence stated, a hearing asked for): 003 §24(1). */
export function partyObjected(c: Pick<CaseFacts, 'stages'>): boolean {
  return c.stages.some((s) => s.kind === 'hearing_request' || (s.kind === 'statement' && s.facts.waived === false));
}

/** The class suggested for a case (the archivist may choose a longer one). */
export function suggestedRetention(c: Pick<CaseFacts, 'stages' | 'procedure'>): RetentionClass {
  if (partyObjected(c)) return 'permanent';
  return c.procedure === 'simple' ? 'years10' : 'years30';
}

const ORDER: RetentionClass[] = ['years10', 'years30', 'permanent'];
/** A class shorter than the seeds allow for this case is refused (003 §24(1)). */
export function retentionProblem(c: Pick<CaseFacts, 'stages'>, chosen: RetentionClass): Refusal | null {
  if (partyObjected(c) && chosen !== 'permanent') return refusal('retention_too_short', '003第二十四条第（一）项', '当事人对执法有异议（陈述申辩或要求听证）的，记录资料应当长期保存，保管期限应为永久');
  return ORDER.includes(chosen) ? null : refusal('retention_too_short', RETENTION_BASIS, '保管期限无效');
}

/**
 * The first day the file may be appraised for destruction: a period counts from 1 January of the
 * year after the case closed (the archives' practice for 文书档案; said in the report as an
 * assumption the seeds do not make). Null: kept permanently.
 */
export function destroyFrom(cls: RetentionClass, closedAt: Date): string | null {
  const years = RETENTION_CLASSES[cls].years;
  if (years === null) return null;
  const closedYear = Number(shanghaiDay(closedAt).slice(0, 4));
  return `${closedYear + 1 + years}-01-01`;
}

/** The archive number (档号): the agency's abbreviation, 卫档, the year archived and a serial, e.g. 婺卫档〔2026〕3号. */
export function archiveNumber(p: { areaAbbreviation: string; year: number; seq: number }): string {
  if (!Number.isInteger(p.seq) || p.seq < 1) throw new Error(`sequence ${p.seq} is not a positive integer`);
  return `${p.areaAbbreviation || ''}卫档〔${p.year}〕${p.seq}号`;
}
