import { api } from './client';
import type {
  Agency,
  Business,
  BusinessDetail,
  BusinessInput,
  BusinessQuery,
  Device,
  DeviceInput,
  Page,
  ServiceAddress,
  AddressCodeSent,
  ServiceAddressInput,
  Site,
  SiteInput,
} from './types';

const id = (s: string) => encodeURIComponent(s);

export function listAgencies(signal?: AbortSignal): Promise<{ items: Agency[] }> {
  return api.get('/api/agencies', { signal });
}

export function businessListPath(q: BusinessQuery): string {
  const p = new URLSearchParams();
  if (q.q) p.set('q', q.q);
  if (q.category) p.set('category', q.category);
  if (q.agencyId) p.set('agencyId', q.agencyId);
  if (q.status) p.set('status', q.status);
  if (q.regionId) p.set('regionId', q.regionId);
  if (q.coverage) p.set('coverage', q.coverage);
  if (q.coverage && q.from && q.to) {
    p.set('from', q.from);
    p.set('to', q.to);
  }
  p.set('limit', String(q.limit));
  p.set('offset', String(q.offset));
  return `/api/businesses?${p.toString()}`;
}

export const listBusinesses = (q: BusinessQuery, signal?: AbortSignal) => api.get<Page<Business>>(businessListPath(q), { signal });
export const getBusiness = (businessId: string, signal?: AbortSignal) => api.get<BusinessDetail>(`/api/businesses/${id(businessId)}`, { signal });
export const createBusiness = (input: BusinessInput) => api.post<Business>('/api/businesses', input);
export const updateBusiness = (businessId: string, patch: Partial<BusinessInput> & { version: number }) =>
  api.patch<Business>(`/api/businesses/${id(businessId)}`, patch);
export const archiveBusiness = (businessId: string, reason: string) => api.post<Business>(`/api/businesses/${id(businessId)}/archive`, { reason });

export const createSite = (businessId: string, input: SiteInput) => api.post<Site>(`/api/businesses/${id(businessId)}/sites`, input);
export const archiveSite = (siteId: string, reason: string) => api.post<Site>(`/api/sites/${id(siteId)}/archive`, { reason });

export const createDevice = (siteId: string, input: DeviceInput) => api.post<Device>(`/api/sites/${id(siteId)}/devices`, input);
export const retireDevice = (deviceId: string, reason: string) => api.post<Device>(`/api/devices/${id(deviceId)}/retire`, { reason });

export const addServiceAddress = (businessId: string, input: ServiceAddressInput) =>
  api.post<ServiceAddress>(`/api/businesses/${id(businessId)}/service-addresses`, input);
export const withdrawServiceAddress = (addressId: string, reason: string) =>
  api.post<ServiceAddress>(`/api/service-addresses/${id(addressId)}/withdraw`, { reason });
export const requestAddressCode = (addressId: string) => api.post<AddressCodeSent>(`/api/service-addresses/${id(addressId)}/code`, {});
export const verifyServiceAddress = (addressId: string, code: string) =>
  api.post<ServiceAddress>(`/api/service-addresses/${id(addressId)}/verify`, { code });

export type HistoryItem = { id: string; at: string; action: string; entityType: string; entityId: string | null; actorName: string | null; reason: string | null; sealed: boolean };
export const getBusinessHistory = (businessId: string, signal?: AbortSignal) =>
  api.get<{ items: HistoryItem[] }>(`/api/businesses/${id(businessId)}/history`, { signal });
