import { api } from './client';

/** The staff device list (issue 16): devices under a region, by category and online state. */
export type DeviceRow = { id: string; name: string; kind: string; status: string; businessId: string; businessName: string; category: string; siteName: string; agencyId: string; agencyName: string; online: boolean | null; since: string | null };
export type DeviceListQuery = { regionId?: string; category?: string; online?: string; kind?: string; status?: string; limit: number; offset: number };

export function listDevices(q: DeviceListQuery, signal?: AbortSignal) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') p.set(k, String(v));
  return api.get<{ items: DeviceRow[]; total: number }>(`/api/devices?${p.toString()}`, { signal });
}
