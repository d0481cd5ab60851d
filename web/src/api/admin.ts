import { api } from './client';
import type { Role } from './types';

/** An account as the administrator sees it. */
export type Account = {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  agencyId: string | null;
  agencyName: string | null;
  businessId: string | null;
  businessName: string | null;
  status: 'active' | 'disabled';
  email: string | null;
  phone: string | null;
  certificateNo: string | null;
  version: number;
};
export type AuditItem = { id: string; at: string; action: string; actorName: string | null; reason: string | null; sealed: boolean };
export type Created = { user: Account; oneTimePassword: string };
export type AccountInput = { username: string; displayName: string; role: Role; agencyId?: string | null; businessId?: string | null; email?: string | null; phone?: string | null };
export type AccountChange = { displayName?: string; role?: Role; agencyId?: string; version: number; reason: string };
export type AuditEntry = { id: string; at: string; action: string; entityType: string; entityId: string | null; actorName: string | null; subjectName: string | null; ip: string | null; reason: string | null; sealed: boolean };
export type LedgerStatus = { entries: number; sealed: number; checkpoint: { treeSize: number; signedAt: string; keyId: string } | null };

export const listAccounts = (signal?: AbortSignal) => api.get<{ items: Account[] }>('/api/admin/users', { signal });
export const getAccount = (id: string, signal?: AbortSignal) => api.get<Account>(`/api/admin/users/${id}`, { signal });
export const accountAudit = (id: string, signal?: AbortSignal) => api.get<{ items: AuditItem[] }>(`/api/admin/users/${id}/history`, { signal });
export const createAccount = (input: AccountInput) => api.post<Created>('/api/admin/users', input);
export const changeAccount = (id: string, change: AccountChange) => api.patch<Account>(`/api/admin/users/${id}`, change);
export const setAccountStatus = (id: string, verb: 'disable' | 'enable', reason: string) => api.post<Account>(`/api/admin/users/${id}/${verb}`, { reason });
export const resetAccountPassword = (id: string, reason: string) => api.post<Created>(`/api/admin/users/${id}/reset-password`, { reason });
export const createAgency = (input: { parentId: string; name: string; shortName: string; code: string }) => api.post<{ id: string }>('/api/admin/agencies', input);
export const renameAgency = (id: string, input: { name?: string; shortName?: string; areaAbbreviation?: string; reason: string }) => api.patch<{ id: string }>(`/api/admin/agencies/${id}`, input);
export const agencyAudit = (id: string, signal?: AbortSignal) => api.get<{ items: AuditItem[] }>(`/api/admin/agencies/${id}/history`, { signal });
export const auditEntries = (kind: 'access' | 'administration', before?: string, signal?: AbortSignal) =>
  api.get<{ items: AuditEntry[] }>(`/api/audit/entries?kind=${kind}${before ? `&before=${before}` : ''}`, { signal });
export const ledgerStatus = (signal?: AbortSignal) => api.get<LedgerStatus>('/api/audit/status', { signal });
