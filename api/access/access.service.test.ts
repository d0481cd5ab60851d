import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.js';
import type { AccessRepository } from './access.repository.js';
import { createAccess } from './access.service.js';
import type { Owner } from './scope.js';

const district: Owner = { businessId: 'b-1', agencyId: 'wc', agencyPath: '/zj/jh/wc/' };
const owners: Record<string, Owner> = { 'dev-1': district };
const repo: AccessRepository = {
  ownerOf: async (r) => owners[r.id] ?? null,
  ledgerEntry: async (id) => (id === '1' ? { owner: district } : id === '2' ? { owner: null } : null),
};
const access = createAccess(repo);
const who = (role: string, agencyPath: string | null, businessId: string | null = null) => ({ user: { role, agencyPath, businessId } as never });
const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof AppError ? e.code : 'other'));

describe('access.require', () => {
  it('allows a role holding the permission inside its scope', async () => {
    expect(await code(access.require(who('officer', '/zj/jh/wc/'), 'media.view', { kind: 'device', id: 'dev-1' }))).toBe('ok');
    expect(await code(access.require(who('manager', '/zj/jh/'), 'media.view', { kind: 'device', id: 'dev-1' }))).toBe('ok');
    expect(await code(access.require(who('business', null, 'b-1'), 'media.view', { kind: 'device', id: 'dev-1' }))).toBe('ok');
  });
  it('refuses outside the scope, without the permission, and says when there is no record', async () => {
    expect(await code(access.require(who('officer', '/zj/jh/jd/'), 'media.view', { kind: 'device', id: 'dev-1' }))).toBe('forbidden');
    expect(await code(access.require(who('business', null, 'b-2'), 'media.view', { kind: 'device', id: 'dev-1' }))).toBe('forbidden');
    expect(await code(access.require(who('archivist', '/zj/'), 'media.view', { kind: 'device', id: 'dev-1' }))).toBe('forbidden');
    expect(await code(access.require(who('officer', '/zj/'), 'media.view', { kind: 'device', id: 'nope' }))).toBe('not_found');
    // A role without the permission learns nothing, not even whether the record exists.
    expect(await code(access.require(who('archivist', '/zj/'), 'media.view', { kind: 'device', id: 'nope' }))).toBe('forbidden');
  });
  it('keeps platform ledger entries to administrators and auditors', async () => {
    expect(await code(access.requireLedgerEntry(who('officer', '/zj/jh/wc/'), '1'))).toBe('ok');
    expect(await code(access.requireLedgerEntry(who('officer', '/zj/jh/jd/'), '1'))).toBe('forbidden');
    expect(await code(access.requireLedgerEntry(who('officer', '/zj/'), '2'))).toBe('forbidden');
    expect(await code(access.requireLedgerEntry(who('auditor', '/zj/'), '2'))).toBe('ok');
    expect(await code(access.requireLedgerEntry(who('business', null, 'b-1'), '1'))).toBe('forbidden');
    expect(await code(access.requireLedgerEntry(who('admin', '/zj/'), '3'))).toBe('not_found');
  });
});
