import type { DeviceState } from '../../../core/devices/device-state';
import { api } from './client';

export type TimeSpan = { startedAt: string; endedAt: string };
export type Timeline = {
  device: { id: string; name: string; kind: string; status: string; pointsAt: string; site: { id: string; name: string; address: string }; business: { id: string; name: string } };
  /** The server's clock when it answered: nothing after it is known. */
  now: string;
  installedAt: string | null;
  /** Playable recorded runs (touching segments joined). */
  spans: (TimeSpan & { segments: number; partial: boolean })[];
  gaps: { startedAt: string; endedAt: string | null; reason: string }[];
  /** When the device was installed and consented, up to now: when it should record. */
  watched: TimeSpan[];
  /** Should have recorded, did not. */
  blind: TimeSpan[];
  summary: { watchedSeconds: number; recordedSeconds: number; blindSeconds: number; uptimePercent: number | null };
  /** Flags in the window (only for those who may read flags). */
  flags: { id: string; type: string; state: string; startedAt: string; endedAt: string | null }[];
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
  installedAt: string | null;
  /** Per day: minutes the device should have recorded (installed and consented), what it did, blind minutes. */
  days: { day: string; watchedMinutes: number; recordedSeconds: number; uptimePercent: number | null; blindMinutes: number }[];
};
export const getHealth = (deviceId: string, signal?: AbortSignal) => api.get<DeviceHealth>(`/api/devices/${deviceId}/health`, { signal });

export type DeviceAlert = { id: string; kind: string; since: string; raisedAt: string; deviceId: string; deviceName: string; businessId: string; businessName: string };
export const openAlerts = (signal?: AbortSignal) => api.get<{ items: DeviceAlert[] }>('/api/alerts', { signal });

/** One window of recorded time joined into one MP4; the view is logged when asked for. */
export type Playback = {
  viewId: string;
  url: string;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  /** Where the asked-for instant is in the file. */
  seekMs: number;
  size: number;
  segments: (TimeSpan & { id: string; sha256: string; offsetMs: number })[];
  /** Where the recording goes on after this window (null: nothing recorded after it yet). */
  next: string | null;
};
export const startPlayback = (deviceId: string, from: string, to?: string) => api.post<Playback>(`/api/devices/${deviceId}/playback`, { from, to });
