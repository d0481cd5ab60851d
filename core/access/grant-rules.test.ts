import { describe, expect, it } from 'vitest';
import { grantActive, grantRefusal, grantValidity, requestProblems, shownStatus, windowCovers } from './grant-rules.js';

const T = (d: number, h = 0) => new Date(Date.UTC(2026, 11, d, h));
const now = T(5, 12);
const device = { kind: 'device' as const, id: 'd', windowFrom: T(4, 8), windowTo: T(4, 9) };
const paths = (p: { path: string[]; message: string }[]) => p.map((x) => `${x.path[0]}:${x.message}`);

describe('a request for access (调用单)', () => {
  it('needs a reason, a bounded period that has not ended, and for a device a window', () => {
    expect(requestProblems({ reason: '复核投诉', period: { from: now, until: T(12) }, record: device }, now)).toEqual([]);
    expect(paths(requestProblems({ reason: '  ', period: { from: now, until: T(12) }, record: device }, now))).toEqual(['reason:access_request.reason_required']);
    expect(paths(requestProblems({ reason: 'r', period: { from: T(12), until: T(6) }, record: device }, now))).toEqual(['until:access_request.period_order']);
    expect(paths(requestProblems({ reason: 'r', period: { from: now, until: T(5 + 31) }, record: device }, now))).toEqual(['until:access_request.period_too_long']);
    expect(paths(requestProblems({ reason: 'r', period: { from: T(1), until: T(5, 11) }, record: device }, now))).toEqual(['until:access_request.period_past']);
    expect(paths(requestProblems({ reason: 'r', period: { from: now, until: T(6) }, record: { ...device, windowTo: null } }, now))).toEqual(['windowFrom:access_request.window_required']);
    expect(paths(requestProblems({ reason: 'r', period: { from: now, until: T(6) }, record: { ...device, windowTo: T(4, 7) } }, now))).toEqual(['windowTo:access_request.window_order']);
    expect(requestProblems({ reason: 'r', period: { from: now, until: T(6) }, record: { kind: 'case', id: 'c' } }, now)).toEqual([]);
  });
});

describe('a grant', () => {
  it('runs from the approval (not before the period asked) to the period end, and none once the period is over', () => {
    expect(grantValidity({ from: T(5), until: T(8) }, now)).toEqual({ from: now, until: T(8) });
    expect(grantValidity({ from: T(6), until: T(8) }, now)).toEqual({ from: T(6), until: T(8) });
    expect(grantValidity({ from: T(1), until: T(5, 12) }, now)).toBeNull();
  });
  it('is active only approved and inside its validity; expired shows so before the cron marks it', () => {
    const g = { status: 'approved' as const, valid_from: T(5), valid_until: T(6) };
    expect(grantActive(g, now)).toBe(true);
    expect(grantActive(g, T(6))).toBe(false);
    expect(grantActive({ ...g, status: 'revoked' }, now)).toBe(false);
    expect(shownStatus(g, T(6))).toBe('expired');
    expect(shownStatus(g, now)).toBe('approved');
    expect(grantRefusal(g, T(7))?.code).toBe('grant_expired');
    expect(grantRefusal({ ...g, status: 'revoked' }, now)?.code).toBe('grant_revoked');
    expect(grantRefusal({ ...g, status: 'pending', valid_from: null, valid_until: null }, now)?.code).toBe('no_grant');
    expect(grantRefusal(g, now)).toBeNull();
  });
  it('covers a stretch of recording only wholly inside its window', () => {
    const w = { from: T(4, 8), to: T(4, 9) };
    expect(windowCovers(w, { from: T(4, 8), to: T(4, 9) })).toBe(true);
    expect(windowCovers(w, { from: T(4, 7), to: T(4, 8) })).toBe(false);
    expect(windowCovers(w, { from: T(4, 8), to: T(4, 10) })).toBe(false);
  });
});
