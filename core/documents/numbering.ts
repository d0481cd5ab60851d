import { sql, type Kysely } from 'kysely';
import type { BusinessCategory, Database } from '../db/database.js';
import type { EnforcementCategory, NumberingScheme } from './template.js';

/**
 * Document numbers (DOMAIN.md "Enforcement documents"; 卫生行政执法文书规范, 原卫生部令第 87 号):
 * a 文号 is "区域简称 + 卫 + 执法类别 + 文书性质 + 〔年份〕 + 序号 + 号", e.g. 婺卫医罚〔2026〕12号;
 * a 编号 is "年份 + 序号", printed 2026-0012. Each agency has, per year of issue (Asia/Shanghai)
 * and series, one sequence without duplicates or gaps.
 */

/**
 * The 执法类别 of a business category. The words are the fields of health supervision as the
 * 卫生行政执法文书规范 names them in its 文号 (医疗卫生 → 医, 公共场所卫生 → 公, 学校卫生 → 学,
 * 生活饮用水卫生 → 水); a business outside them takes 综 (综合监督). One table, to become an
 * admin setting when an agency numbers differently.
 */
export const ENFORCEMENT_CATEGORY: Record<BusinessCategory, EnforcementCategory> = {
  medical: '医',
  public_place: '公',
  school_canteen: '学',
  water_supply: '水',
  other: '综',
};

/** The series a scheme numbers in: one per 文号 nature, one per 编号 kind; null when it has no number. */
export function seriesOf(scheme: NumberingScheme, kind: string): string | null {
  if (scheme.scheme === 'wenhao') return `wenhao:${scheme.nature}`;
  if (scheme.scheme === 'serial') return `serial:${kind}`;
  return null;
}

/** The year of a moment in Asia/Shanghai (UTC+8, no daylight saving since 1991). */
export function shanghaiYear(at: Date): number {
  return new Date(at.getTime() + 8 * 3_600_000).getUTCFullYear();
}

/** The printed number: 婺卫医罚〔2026〕12号, or 2026-0012; null for a template without one. */
export function formatNumber(scheme: NumberingScheme, p: { areaAbbreviation: string; category: EnforcementCategory; year: number; seq: number }): string | null {
  if (!Number.isInteger(p.seq) || p.seq < 1) throw new Error(`sequence ${p.seq} is not a positive integer`);
  if (scheme.scheme === 'wenhao') {
    if (!p.areaAbbreviation) throw new Error('the agency has no area abbreviation');
    if (!p.category) throw new Error('a 文号 needs an enforcement category');
    return `${p.areaAbbreviation}卫${p.category}${scheme.nature}〔${p.year}〕${p.seq}号`;
  }
  if (scheme.scheme === 'serial') return `${p.year}-${String(p.seq).padStart(4, '0')}`;
  return null;
}

/**
 * Takes the next number of a series in the caller's transaction: the counter row stays locked
 * until that transaction ends, so concurrent issues wait their turn, and a rollback gives the
 * number back (no gap). Returns the sequence number (1 for the first of the year).
 */
export async function takeNumber(trx: Kysely<Database>, key: { agencyId: string; year: number; series: string }): Promise<number> {
  const { rows } = await sql<{ last: number }>`
    INSERT INTO document_counters (agency_id, year, series, last) VALUES (${key.agencyId}, ${key.year}, ${key.series}, 1)
    ON CONFLICT (agency_id, year, series) DO UPDATE SET last = document_counters.last + 1
    RETURNING last`.execute(trx);
  return rows[0].last;
}
