import type { DeviceState } from '../../../core/devices/device-state';
import { api } from './client';

export type ReadingSeries = { quantity: 'free_chlorine' | 'turbidity'; unit: string; min: number | null; max: number | null; standard: string; points: { at: string; value: number }[] };
export type SensorReadings = {
  device: { id: string; name: string; kind: string; businessId: string; businessName: string; siteName: string; category: string; state: DeviceState; stateSince: string | null; lastSeenAt: string | null };
  from: string;
  to: string;
  series: ReadingSeries[];
  flags: { id: string; type: string; state: 'active' | 'ended'; startedAt: string; endedAt: string | null }[];
};

export const getReadings = (deviceId: string, from: string, to: string, signal?: AbortSignal) =>
  api.get<SensorReadings>(`/api/devices/${deviceId}/readings?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, { signal });
