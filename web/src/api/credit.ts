import { api } from './client';

/** Credit grades (R13; 002 §4): the API's shapes (api/credit/credit.routes.ts). */
export type CreditGrade = 'A' | 'B' | 'C' | 'D';
export type CreditInput = { key: string; value: number | null; weight: number; cap: number; points: number };
export type CreditComputation = {
  id: string;
  computedAt: string;
  score: number;
  grade: CreditGrade;
  computedGrade: CreditGrade;
  rulesVersion: string;
  windowFrom: string;
  windowTo: string;
  inputs: CreditInput[];
  override: { kind: 'falsified_report'; since: string; until: string } | { kind: 'short_history'; historyDays: number } | null;
  reason: 'scheduled' | 'falsified_report' | 'manual_recompute';
  note: string | null;
  computedBy: string | null;
};
export type CreditRule = { key: string; weight: number; cap: number; unit: 'count' | 'percent'; zh: string; en: string; basis: string };
export type CreditRules = {
  version: string;
  base: number;
  uptimeTargetPercent: number;
  inputs: CreditRule[];
  thresholds: { grade: CreditGrade; min: number }[];
  grades: { grade: CreditGrade; inspectionsPerYear: number | null; zh: string; en: string }[];
  falsified: { zh: string; en: string; basis: string };
  shortHistory: { zh: string; en: string; basis: string };
};
export type CreditDetail = { business: { id: string; name: string; category: string; agencyName: string }; current: CreditComputation | null; history: CreditComputation[]; rules: CreditRules };
export type CreditListItem = { businessId: string; name: string; category: string; agencyName: string; grade: CreditGrade | null; score: number | null; computedAt: string | null; override: string | null };
export type CreditListQuery = { agencyId?: string; grade?: string; category?: string; page: number; pageSize: number };

const base = '/api/credit';
export const creditOf = (businessId: string, signal?: AbortSignal) => api.get<CreditDetail>(`${base}/businesses/${businessId}`, { signal });
export const recomputeCredit = (businessId: string, note: string) => api.post<CreditDetail>(`${base}/businesses/${businessId}/recompute`, { note });
export function creditGrades(q: CreditListQuery, signal?: AbortSignal) {
  const p = new URLSearchParams({ page: String(q.page), pageSize: String(q.pageSize) });
  for (const k of ['agencyId', 'grade', 'category'] as const) if (q[k]) p.set(k, q[k]);
  return api.get<{ items: CreditListItem[]; total: number; page: number; pageSize: number }>(`${base}/grades?${p}`, { signal });
}
