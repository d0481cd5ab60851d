/**
 * The review checklist of a sampling audit, worded from 002-音像 §32–§34 (with §15, §18, §23–§26
 * where they say what "proper" means). Server and web show the same words (one vocabulary).
 */
export type SampleKind = 'case' | 'recording';
export const SAMPLE_KINDS: readonly SampleKind[] = ['case', 'recording'];
export type CheckResult = 'pass' | 'fail' | 'na';
export const CHECK_RESULTS: readonly CheckResult[] = ['pass', 'fail', 'na'];

export type Check = { code: string; zh: string; en: string; basis: string; kinds: readonly SampleKind[] };

export const CHECKS: readonly Check[] = [
  {
    code: 'recorded',
    zh: '是否按照规定进行记录（应当记录的执法活动已记录，记录完整、连续，中断有说明）',
    en: 'Recorded as required (what had to be recorded was, complete and continuous, any interruption explained)',
    basis: '002-音像 第三十三条（一）、第十八条',
    kinds: ['case', 'recording'],
  },
  {
    code: 'conduct',
    zh: '执法用语、行为是否规范（着装、出示证件、告知音像记录）',
    en: 'Language and conduct proper (dress, certificate shown, recording announced)',
    basis: '002-音像 第三十三条（二）、第十四条、第十五条',
    kinds: ['case', 'recording'],
  },
  {
    code: 'stored_in_time',
    zh: '是否按时存储并标注（2个工作日内导入专用存储，标明日期、当事人、事项、执法人员）',
    en: 'Stored in time and labelled (in the records store within 2 working days, with date, party, matter, officers)',
    basis: '002-音像 第二十三条',
    kinds: ['case', 'recording'],
  },
  {
    code: 'access',
    zh: '记录的导出、移交、管理、使用是否规范（调阅经批准并留有记录，无私自摄录、对外提供）',
    en: 'Access proper (exports, hand-overs and reads approved and logged; no private copies)',
    basis: '002-音像 第三十三条（三）、第二十四条至第二十六条',
    kinds: ['case', 'recording'],
  },
  {
    code: 'device_installation',
    zh: '设备的安装和记录的使用管理是否合理规范、合法有效（经当事人确认安装）',
    en: 'Device installed and its records used lawfully (installation consented)',
    basis: '002-音像 第三十四条（二）',
    kinds: ['recording'],
  },
  {
    code: 'device_upkeep',
    zh: '设备和技术系统是否符合安全要求，设备保管和维护情况',
    en: 'Device and system secure, kept and maintained',
    basis: '002-音像 第三十四条（一）（三）、第三十三条（四）',
    kinds: ['recording'],
  },
];

export const checksFor = (kind: SampleKind): Check[] => CHECKS.filter((c) => c.kinds.includes(kind));

/**
 * Score of one item or of a whole audit: passed checks over the checks that apply (pass + fail),
 * in percent with one decimal; null when nothing applied. Not-applicable checks do not count.
 */
export function scoreOf(results: readonly CheckResult[]): number | null {
  const pass = results.filter((r) => r === 'pass').length;
  const fail = results.filter((r) => r === 'fail').length;
  return pass + fail === 0 ? null : Math.round((pass * 1000) / (pass + fail)) / 10;
}
