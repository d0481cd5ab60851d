import { api } from './client';

/**
 * Analysis rules and flags (R4). The shapes mirror core/analysis/rule-definition.ts and
 * flag-contract.ts; the web build imports nothing from core, so the few constants are copied.
 */
export const RULE_KINDS = ['restricted_area', 'after_hours', 'overcrowding', 'unattended_post', 'animal', 'phone_use'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];
export const TAMPER_TYPES = ['camera_covered', 'camera_blurred', 'picture_frozen', 'view_moved', 'stream_lost'] as const;
export type TamperType = (typeof TAMPER_TYPES)[number];
export type FlagType = RuleKind | TamperType;
export const FLAG_TYPES: readonly FlagType[] = [...RULE_KINDS, ...TAMPER_TYPES];
export const RULE_LABELS = ['person', 'cat', 'dog', 'bird', 'cell phone', 'knife', 'bottle', 'cup', 'bowl'] as const;
export type RuleLabel = (typeof RULE_LABELS)[number];

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

/** Kinds whose rule needs a count: overcrowding (most allowed), unattended_post (fewest required). */
export const COUNTED_KINDS: readonly RuleKind[] = ['overcrowding', 'unattended_post'];

const BASE: RuleDefinition = { zone: null, labels: ['person'], minScore: 0.4, minDwellS: 3, countLimit: null, schedule: { mode: 'always', windows: [], timeZone: 'Asia/Shanghai' }, cooldownS: 60, twoPerson: false };

/** Copy of RULE_DEFAULTS in core/analysis/rule-definition.ts: what a new rule of a kind starts with. */
export const RULE_DEFAULTS: Record<RuleKind, Partial<RuleDefinition>> = {
  restricted_area: { labels: ['person'], minDwellS: 3, minScore: 0.4 },
  after_hours: { labels: ['person'], minDwellS: 5, minScore: 0.4, schedule: { mode: 'outside', windows: [{ days: [1, 2, 3, 4, 5, 6, 7], from: '06:00', to: '20:00' }], timeZone: 'Asia/Shanghai' } },
  overcrowding: { labels: ['person'], minDwellS: 10, countLimit: 10, minScore: 0.4 },
  unattended_post: { labels: ['person'], minDwellS: 60, countLimit: 1, minScore: 0.35 },
  animal: { labels: ['cat', 'dog', 'bird'], minDwellS: 1, minScore: 0.35 },
  phone_use: { labels: ['cell phone'], minDwellS: 3, minScore: 0.35 },
};

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

export type FlagSource = 'rule' | 'tamper';
export type FlagState = 'active' | 'ended';
export type EvidenceStatus = 'pending' | 'ready' | 'unavailable';
export type FlagListItem = {
  id: string;
  type: FlagType;
  source: FlagSource;
  state: FlagState;
  deviceId: string;
  deviceName: string;
  siteName: string;
  businessId: string;
  businessName: string;
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
};
export type Flag = FlagListItem & {
  detail: FlagDetail;
  rule: { id: string; version: number; kind: string; name: string; definition: RuleDefinition } | null;
  model: { name: string; version: string; sha256: string } | null;
  analyzer: string | null;
  peakAt: string | null;
  segments: { id: string; startedAt: string; endedAt: string; sha256: string }[];
  clip: { sha256: string; provenance: Record<string, unknown> | null } | null;
};
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
