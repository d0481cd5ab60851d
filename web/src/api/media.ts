import type { DeviceState } from '../../../core/devices/device-state';
import { api } from './client';

export type Timeline = {
  segments: { id: string; startedAt: string; endedAt: string; size: number; partial: boolean; sha256: string; retentionClass: string }[];
  gaps: { startedAt: string; endedAt: string | null; reason: string }[];
  live: boolean;
};
export const getTimeline = (deviceId: string, from: string, to: string, signal?: AbortSignal) =>
  api.get<Timeline>(`/api/devices/${deviceId}/recordings?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, { signal });

export type DeviceHealth = {
  /** The same state the business page shows. */
  state: DeviceState;
  stateSince: string | null;
  lastSeenAt: string | null;
  online: boolean;
  since: string | null;
  lastFrameAt: string | null;
  bitrateKbps: number | null;
  fps: number | null;
  width: number | null;
  height: number | null;
  alert: boolean;
  /** Tampering or faults the analyzer sees now (covered, blurred, frozen, moved, stream lost). */
  tamper: { flagId: string; type: string; since: string }[];
  days: { day: string; recordedSeconds: number; uptimePercent: number; blindMinutes: number }[];
};
export const getHealth = (deviceId: string, signal?: AbortSignal) => api.get<DeviceHealth>(`/api/devices/${deviceId}/health`, { signal });

export type DeviceAlert = { id: string; kind: string; since: string; raisedAt: string; deviceId: string; deviceName: string; businessId: string; businessName: string };
export const openAlerts = (signal?: AbortSignal) => api.get<{ items: DeviceAlert[] }>('/api/alerts', { signal });
