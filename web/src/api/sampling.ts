import { api } from './client';

/** Sampling audits of records (R13): the API's shapes (api/sampling/sampling.routes.ts). */
export type SampleKind = 'case' | 'recording';
export type CheckResult = 'pass' | 'fail' | 'na';
export type PlanStatus = 'planned' | 'drawn' | 'completed';
export type PlanSummary = { id: string; title: string; agencyName: string; kinds: SampleKind[]; periodFrom: string; periodTo: string; status: PlanStatus; sampleSize: number | null; ratePercent: number | null; populationSize: number | null; items: number; reviewed: number; openFindings: number; drawnAt: string | null; createdAt: string };
export type Plan = { id: string; agencyId: string; agencyName?: string; title: string; kinds: SampleKind[]; periodFrom: string; periodTo: string; sampleSize: number | null; ratePercent: number | null; seedSource: string; status: PlanStatus; publicValue: string | null; seed: string | null; algorithm: string | null; populationSize: number | null; populationSha256: string | null; drawnAt: string | null; completedAt: string | null; createdAt: string; version: number };
export type SampleItem = { id: string; position: number; key: string; kind: SampleKind; subjectId: string; day: string | null; label: Record<string, string | null>; results: Record<string, { result: CheckResult; note: string | null }> | null; note: string | null; score: number | null; reviewedAt: string | null; version: number };
export type SamplingFinding = { id: string; planId: string; itemId: string; checkCode: string | null; description: string; ownerId: string; ownerName?: string; planTitle?: string; dueOn: string; status: 'open' | 'closed'; closingNote: string | null; closedAt: string | null; createdAt: string; version: number };
export type Check = { code: string; zh: string; en: string; basis: string; kinds: SampleKind[] };
export type PlanDetail = { plan: Plan; items: SampleItem[]; findings: SamplingFinding[]; score: number | null; closed: boolean; checks: Check[] };
export type PlanInput = { agencyId: string; title: string; kinds: SampleKind[]; periodFrom: string; periodTo: string; sampleSize: number | null; ratePercent: number | null; seedSource: string };

const base = '/api/sampling';
export const samplingPlans = (signal?: AbortSignal) => api.get<{ items: PlanSummary[] }>(`${base}/plans`, { signal });
export const createSamplingPlan = (input: PlanInput) => api.post<Plan>(`${base}/plans`, input);
export const samplingPlan = (id: string, signal?: AbortSignal) => api.get<PlanDetail>(`${base}/plans/${id}`, { signal });
export const drawSamplingPlan = (id: string, publicValue: string, expectedVersion: number) => api.post<PlanDetail>(`${base}/plans/${id}/draw`, { publicValue, expectedVersion });
export const completeSamplingPlan = (id: string, expectedVersion: number) => api.post<PlanDetail>(`${base}/plans/${id}/complete`, { expectedVersion });
export const drawFileUrl = (id: string) => `${base}/plans/${id}/draw.json`;
export const reviewSampleItem = (id: string, body: { results: Record<string, { result: CheckResult; note: string | null }>; note: string | null; expectedVersion: number }) => api.post<SampleItem>(`${base}/items/${id}/review`, body);
export const followUpOwners = (planId: string, signal?: AbortSignal) => api.get<{ items: { id: string; name: string; role: string; agencyName: string }[] }>(`${base}/plans/${planId}/owners`, { signal });
export const addSamplingFinding = (planId: string, body: { itemId: string; checkCode: string | null; description: string; ownerId: string; dueOn: string }) => api.post<SamplingFinding>(`${base}/plans/${planId}/findings`, body);
export const closeSamplingFinding = (id: string, note: string, expectedVersion: number) => api.post<SamplingFinding>(`${base}/findings/${id}/close`, { note, expectedVersion });
export const myFollowUps = (signal?: AbortSignal) => api.get<{ items: SamplingFinding[] }>(`${base}/follow-ups`, { signal });
