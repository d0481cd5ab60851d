import type { SensorEvidence } from '../../../core/analysis/flag-contract';
import { COUNTED_KINDS, FLAG_TYPES, RULE_DEFAULTS, RULE_KINDS, RULE_LABELS, TAMPER_TYPES, ZONED_KINDS, type FlagType, type RuleKind, type RuleLabel, type TamperType } from '../../../core/analysis/rule-kinds';
import { api } from './client';

/** Analysis rules and flags (R4). The vocabulary and the per-kind defaults come from core (one list). */
export { COUNTED_KINDS, FLAG_TYPES, RULE_DEFAULTS, RULE_KINDS, RULE_LABELS, TAMPER_TYPES, ZONED_KINDS };
export type { FlagType, RuleKind, RuleLabel, TamperType };

export type Point = [number, number];
export type ScheduleWindow = { days: number[]; from: string; to: string };
export type Schedule = { mode: 'always' | 'inside' | 'outside'; windows: ScheduleWindow[]; timeZone: string };
export type RuleDefinition = {
  zone: Point[] | null;
  labels: RuleLabel[];
  minScore: number;
  minDwellS: number;
  countLimit: number | null;
  schedule: Schedule;
  cooldownS: number;
  /** Flags of this rule need two different officers to confirm. */
  twoPerson?: boolean;
};

const BASE: RuleDefinition = { zone: null, labels: ['person'], minScore: 0.4, minDwellS: 3, countLimit: null, schedule: { mode: 'always', windows: [], timeZone: 'Asia/Shanghai' }, cooldownS: 60, twoPerson: false };

/** A complete definition for a new rule of `kind` (deep copy: the form edits it). */
export function defaultDefinition(kind: RuleKind): RuleDefinition {
  return structuredClone({ ...BASE, ...RULE_DEFAULTS[kind] });
}

export type UserRef = { id: string; displayName: string } | null;
export type Rule = { id: string; deviceId: string; kind: RuleKind; name: string; definition: RuleDefinition; enabled: boolean; version: number; updatedAt: string; updatedBy: UserRef };
export type ModelInfo = { name: string | null; version: string | null; labels: string[]; cannotDetect: string[] };
export type RuleVersion = { version: number; name: string; kind: RuleKind; definition: RuleDefinition; enabled: boolean; createdAt: string; createdBy: UserRef };
export type Reference = { capturedAt: string; width: number; height: number; setBy: string | null; relearnRequestedAt: string | null };

export const listRules = (deviceId: string, signal?: AbortSignal) => api.get<{ rules: Rule[]; model: ModelInfo }>(`/api/devices/${deviceId}/rules`, { signal });
export const createRule = (deviceId: string, input: { kind: RuleKind; name: string; definition: RuleDefinition; enabled?: boolean }) => api.post<Rule>(`/api/devices/${deviceId}/rules`, input);
export const updateRule = (ruleId: string, input: { name?: string; definition?: RuleDefinition; enabled?: boolean; expectedVersion: number }) => api.put<Rule>(`/api/rules/${ruleId}`, input);
export const ruleVersions = (ruleId: string, signal?: AbortSignal) => api.get<{ versions: RuleVersion[] }>(`/api/rules/${ruleId}/versions`, { signal });
export const getReference = (deviceId: string, signal?: AbortSignal) => api.get<Reference>(`/api/devices/${deviceId}/reference`, { signal });
export const relearnReference = (deviceId: string, reason: string) => api.post<{ relearnRequestedAt: string }>(`/api/devices/${deviceId}/reference/relearn`, { reason });
export const snapshotUrl = (deviceId: string, stamp?: number) => `/api/devices/${deviceId}/snapshot.jpg${stamp ? `?t=${stamp}` : ''}`;
export const referenceUrl = (deviceId: string, stamp?: string | null) => `/api/devices/${deviceId}/reference.jpg${stamp ? `?t=${encodeURIComponent(stamp)}` : ''}`;

export type FlagSource = 'rule' | 'tamper' | 'sensor';
export type FlagState = 'active' | 'ended';
export type EvidenceStatus = 'pending' | 'ready' | 'unavailable';
/** What every flag row says (the list and the review queue alike; FlagCoreFields on the server). */
export type FlagCore = {
  id: string;
  type: FlagType;
  source: FlagSource;
  state: FlagState;
  deviceId: string;
  deviceName: string;
  siteName: string;
  businessId: string;
  businessName: string;
};
export type FlagListItem = FlagCore & {
  startedAt: string;
  endedAt: string | null;
  peakScore: number | null;
  evidenceStatus: EvidenceStatus;
  reviewStatus: string;
  hasSnapshot: boolean;
  ruleName: string | null;
};
export type Box = { label: string; score: number; box: [number, number, number, number] };
export type FlagDetail = {
  boxes?: Box[];
  count?: number;
  dwellS?: number;
  durationS?: number;
  zone?: Point[] | null;
  metrics?: Record<string, number>;
  reason?: { zh: string; en: string };
  frame?: { width: number; height: number };
  /** Sensor flags: the readings around the excursion (core/analysis/flag-contract.ts). */
  readings?: SensorEvidence;
};
export type Flag = FlagListItem & {
  detail: FlagDetail;
  rule: { id: string; version: number; kind: string; name: string; definition: RuleDefinition } | null;
  model: { name: string; version: string; sha256: string } | null;
  analyzer: string | null;
  peakAt: string | null;
  segments: { id: string; startedAt: string; endedAt: string; sha256: string }[];
  clip: { sha256: string; provenance: Record<string, unknown> | null } | null;
  /** Versions of the evidence clip, oldest first (an event still going on gets longer ones); each write-once. */
  clips: FlagClip[];
};
export type ClipCoverage = 'event_ongoing' | 'event_ended' | 'max_length';
export type FlagClip = { version: number; sha256: string; from: string; to: string; durationMs: number; coverage: ClipCoverage; final: boolean; createdAt: string; url: string };
export type FlagQuery = { type?: string; source?: string; state?: string; deviceId?: string; businessId?: string; cursor?: string | null; limit?: number };
export type FlagPage = { items: FlagListItem[]; nextCursor: string | null; counts: { active: number; ended: number } };

/** Live event pushed when a flag is raised, ends or gets its evidence. */
export type FlagChanged = { id: string; deviceId: string; agencyId: string; type: string; state: FlagState; evidence: EvidenceStatus };

export function listFlags(q: FlagQuery, signal?: AbortSignal) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  return api.get<FlagPage>(`/api/flags?${p.toString()}`, { signal });
}
export const getFlag = (id: string, signal?: AbortSignal) => api.get<Flag>(`/api/flags/${id}`, { signal });
export const flagSnapshotUrl = (id: string) => `/api/flags/${id}/snapshot.jpg`;
export const flagClipUrl = (id: string) => `/api/flags/${id}/clip.mp4`;
