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
  activeGrant: async () => null,
  grant: async () => undefined,
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

describe('access.requireRecord (approved access, 调用单)', () => {
  const T = (h: number) => new Date(Date.UTC(2026, 11, 5, h));
  const now = T(12);
  type Grant = { id: string; requester_id: string; purpose: 'access' | 'publication'; status: 'approved' | 'revoked' | 'expired'; valid_from: Date; valid_until: Date; record_kind: 'device'; record_id: string; window_from: Date; window_to: Date };
  const grants: Grant[] = [{ id: 'g-1', requester_id: 'u-jd', purpose: 'access', status: 'approved', valid_from: T(10), valid_until: T(14), record_kind: 'device', record_id: 'dev-1', window_from: T(1), window_to: T(3) }];
  const granted: AccessRepository = {
    ...repo,
    // The same filter the SQL applies (access.repository.ts activeGrant).
    activeGrant: async (userId, r, at) =>
      grants.find((g) => g.requester_id === userId && g.purpose === 'access' && g.status === 'approved' && g.record_id === r.id && g.valid_from <= at && at < g.valid_until && r.kind === 'device' && g.window_from <= r.from && r.to <= g.window_to) ?? null,
    grant: async (id) => grants.find((g) => g.id === id) as never,
  };
  const at = (d: Date) => createAccess(granted, () => d);
  const jd = { user: { id: 'u-jd', role: 'officer', agencyPath: '/zj/jh/jd/', businessId: null } as never };
  const wc = { user: { id: 'u-wc', role: 'officer', agencyPath: '/zj/jh/wc/', businessId: null } as never };
  const stretch = (from: number, to: number) => ({ kind: 'device' as const, id: 'dev-1', from: T(from), to: T(to) });

  it('passes in scope with no grant, and outside it only under a grant covering the stretch, returning its id', async () => {
    expect(await at(now).requireRecord(wc, 'media.view', stretch(1, 2))).toEqual({ owner: district, grantId: null });
    expect(await at(now).requireRecord(jd, 'media.view', stretch(1, 2))).toEqual({ owner: district, grantId: 'g-1' });
    expect(await code(at(now).requireRecord(jd, 'media.view', stretch(2, 4)))).toBe('forbidden'); // beyond the window
    expect(await code(at(T(15)).requireRecord(jd, 'media.view', stretch(1, 2)))).toBe('forbidden'); // after the period
  });
  it('names the rule when it refuses, and checks a grant again at every use', async () => {
    const e = await at(T(15)).requireRecord(jd, 'media.view', stretch(1, 2)).catch((x: AppError) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).refusal?.code).toBe('no_grant');
    expect(await code(at(now).requireGrant(jd, 'g-1'))).toBe('ok');
    expect((await at(T(14)).requireGrant(jd, 'g-1').catch((x: AppError) => x))?.refusal?.code).toBe('grant_expired');
    expect((await at(now).requireGrant(wc, 'g-1').catch((x: AppError) => x))?.refusal?.code).toBe('no_grant'); // not his
    grants[0].status = 'revoked';
    expect((await at(now).requireGrant(jd, 'g-1').catch((x: AppError) => x))?.refusal?.code).toBe('grant_revoked');
    grants[0].status = 'approved';
  });
  it('never lets a business in by a grant, nor a role without the permission', async () => {
    expect(await code(at(now).requireRecord({ user: { id: 'u-jd', role: 'business', agencyPath: null, businessId: 'b-2' } as never }, 'media.view', stretch(1, 2)))).toBe('forbidden');
    expect(await code(at(now).requireRecord({ user: { id: 'u-jd', role: 'archivist', agencyPath: '/zj/jh/jd/', businessId: null } as never }, 'media.view', stretch(1, 2)))).toBe('forbidden');
  });
});

describe('access.requireOwningHead (调用单, holds, publications)', () => {
  const agencies: Record<string, Owner> = { wc: { businessId: null, agencyId: 'wc', agencyPath: '/zj/jh/wc/' } };
  const heads = createAccess({ ...repo, ownerOf: async (r) => (r.kind === 'agency' ? (agencies[r.id] ?? null) : null) });
  const refusals = { self_approval: { code: 'self_approval', rule: 'r', message: 'self' }, not_owning_unit: { code: 'not_owning_unit', rule: 'r', message: 'unit' } };
  const head = (id: string, agencyPath: string, role = 'manager') => ({ user: { id, role, agencyPath, businessId: null } as never });
  const why = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof AppError ? (e.refusal?.code ?? e.code) : 'other'));
  const ask = (caller: ReturnType<typeof head>, requesterId: string | null = 'u-9') => heads.requireOwningHead(caller, { permission: 'access.approve', ownerAgencyId: 'wc', requesterId, refusals });

  it('lets a head of the owning agency or one above it decide', async () => {
    expect(await why(ask(head('u-1', '/zj/jh/wc/')))).toBe('ok');
    expect(await why(ask(head('u-1', '/zj/jh/')))).toBe('ok');
  });
  it('refuses the requester himself, another unit, and a role without the permission', async () => {
    expect(await why(ask(head('u-9', '/zj/jh/wc/')))).toBe('self_approval');
    expect(await why(ask(head('u-1', '/zj/jh/jd/')))).toBe('not_owning_unit');
    expect(await why(ask(head('u-1', '/zj/jh/wc/', 'officer')))).toBe('forbidden');
  });
});
