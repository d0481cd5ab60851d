import { api } from './client';

/** Rotation and 双随机 random inspection (issue 16 item 2): the API's shapes (api/inspection/inspection.routes.ts). */
export type InspectionPlanStatus = 'planned' | 'committed' | 'drawn' | 'published';
export type InspectionResult = 'no_problem' | 'problems_found' | 'rectification_ordered' | 'document_review' | 'not_found' | 'closed';
export const INSPECTION_RESULTS: InspectionResult[] = ['no_problem', 'problems_found', 'rectification_ordered', 'document_review', 'not_found', 'closed'];
export const CATEGORIES = ['medical', 'public_place', 'school_canteen', 'water_supply', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];
export type InspectionPlanSummary = { id: string; title: string; agencyName: string; category: Category | null; periodFrom: string; periodTo: string; status: InspectionPlanStatus; populationSize: number | null; items: number; recorded: number; drawnAt: string | null; publishedAt: string | null; createdAt: string };
/** A declared recusal (回避, 行政处罚法 art. 43): this officer is never paired on this business. */
export type InspectionRecusal = { officerId: string; businessId: string; reason: string; officerName?: string; businessName?: string };
export type InspectionPlan = { id: string; agencyId: string; agencyName?: string; title: string; category: Category | null; periodFrom: string; periodTo: string; sampleSize: number | null; ratePercent: number | null; seedSource: string; recusals: InspectionRecusal[]; status: InspectionPlanStatus; populationSize: number | null; populationSha256: string | null; committedAt: string | null; publicValue: string | null; seed: string | null; algorithm: string | null; randomSize: number | null; allocation: Record<string, number> | null; drawnAt: string | null; publishedAt: string | null; createdAt: string; version: number };
export type InspectionItem = { id: string; planId: string; position: number; businessId: string; businessName?: string; businessAddress?: string; stratum: string; certain: boolean; officerIds: string[]; officerNames?: string[]; result: InspectionResult | null; note: string | null; selfReportId: string | null; selfReport?: { id: string; periodKey: string; routineCheckClosed: boolean } | null; inspectedOn: string | null; publicationId: string | null; recordedAt: string | null; version: number; planTitle?: string; planStatus?: InspectionPlanStatus };
export type InspectionDetail = { plan: InspectionPlan; items: InspectionItem[] };
export type InspectionPlanInput = { agencyId: string; title: string; category: Category | null; periodFrom: string; periodTo: string; sampleSize: number | null; ratePercent: number | null; seedSource: string; recusals: { officerId: string; businessId: string; reason: string }[] };
export type ResultInput = { result: InspectionResult; note: string | null; inspectedOn: string; selfReportId: string | null; expectedVersion: number };
/** A region's rotation for a category, or (category null) every category's latest plan together. */
export type Rotation = { agency: { id: string; name: string }; category: Category | null; year: number; revision: number | null; computedAt: string | null; entries: { businessId: string; businessName: string; category: Category; revision: number; stratum: string; visits: number; months: number[] }[]; load: number[]; revisions: { category: Category; revision: number; joined: string[]; left: string[]; computedAt: string }[]; strata: { stratum: string; zh: string; visitsPerYear: number }[] };

const base = '/api/inspection';
export const inspectionPlans = (signal?: AbortSignal) => api.get<{ items: InspectionPlanSummary[] }>(`${base}/plans`, { signal });
export const createInspectionPlan = (input: InspectionPlanInput) => api.post<InspectionPlan>(`${base}/plans`, input);
export const inspectionOfficers = (agencyId: string, signal?: AbortSignal) => api.get<{ items: { id: string; name: string; agencyName: string }[] }>(`${base}/officers?agencyId=${agencyId}`, { signal });
export const inspectionPlan = (id: string, signal?: AbortSignal) => api.get<InspectionDetail>(`${base}/plans/${id}`, { signal });
export const commitInspectionPlan = (id: string, expectedVersion: number) => api.post<InspectionDetail>(`${base}/plans/${id}/commit`, { expectedVersion });
export const drawInspectionPlan = (id: string, publicValue: string, expectedVersion: number) => api.post<InspectionDetail>(`${base}/plans/${id}/draw`, { publicValue, expectedVersion });
export const publishInspectionPlan = (id: string, expectedVersion: number) => api.post<InspectionDetail>(`${base}/plans/${id}/publish`, { expectedVersion });
export const recordInspectionResult = (itemId: string, input: ResultInput) => api.post<InspectionItem>(`${base}/items/${itemId}/result`, input);
export const myInspectionItems = (signal?: AbortSignal) => api.get<{ items: InspectionItem[] }>(`${base}/my-items`, { signal });
export const inspectionRotation = (q: { agencyId: string; category: Category | null; year: number }, signal?: AbortSignal) =>
  api.get<Rotation>(`${base}/rotation?agencyId=${q.agencyId}${q.category ? `&category=${q.category}` : ''}&year=${q.year}`, { signal });
export const recomputeRotation = (q: { agencyId: string; category: Category | null; year: number }) => api.post<Rotation>(`${base}/rotation`, q);
/** The public file anyone may download and redraw (`npm run inspection-draw -- file.json`), and the public redraw. */
export const publicPlanUrl = (id: string) => `${base}/public/plans/${id}`;
export const publicVerifyUrl = (id: string) => `${base}/public/plans/${id}/verify`;
