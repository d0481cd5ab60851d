import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.js';
import { period } from './audit.service.js';
import { ledgerEvent } from './record-trail.repository.js';

const now = new Date('2026-12-05T00:00:00Z');
const issue = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof AppError ? `${e.code} ${e.issues?.[0]?.path.join('.')}:${e.issues?.[0]?.message}` : String(e);
  }
  return 'no error';
};

describe('the audit log’s period', () => {
  it('defaults to the last 31 days, or a year from `from` (no later than now)', () => {
    expect(period({}, now)).toEqual({ from: new Date('2026-11-04T00:00:00Z'), to: now });
    expect(period({ to: new Date('2026-06-01T00:00:00Z') }, now).from).toEqual(new Date('2026-05-01T00:00:00Z'));
    expect(period({ from: new Date('2026-11-01T00:00:00Z') }, now).to).toEqual(now);
    expect(period({ from: new Date('2025-01-01T00:00:00Z') }, now).to).toEqual(new Date('2026-01-02T00:00:00Z'));
  });

  it('refuses an end not after the start, and more than a year', () => {
    expect(issue(() => period({ from: now, to: now }, now))).toBe('validation_failed to:audit.period_order');
    expect(issue(() => period({ from: new Date('2026-12-06T00:00:00Z') }, now))).toBe('validation_failed to:audit.period_order');
    expect(issue(() => period({ from: new Date('2025-01-01T00:00:00Z'), to: new Date('2026-01-02T00:00:01Z') }, now))).toBe('validation_failed from:audit.period_too_long');
    expect(issue(() => period({ from: new Date('2024-01-01T00:00:00Z'), to: new Date('2025-01-01T00:00:00Z') }, now))).toBe('no error');
  });
});

describe('a ledger action’s place in a record’s trail', () => {
  it('names creation, holds, retention, purges, reads and refusals', () => {
    expect(ledgerEvent('recording_segment.stored')).toBe('created');
    expect(ledgerEvent('document.issued')).toBe('created');
    expect(ledgerEvent('record.held')).toBe('held');
    expect(ledgerEvent('record.hold_released')).toBe('held');
    expect(ledgerEvent('retention.changed')).toBe('retention');
    expect(ledgerEvent('recording.purged')).toBe('purged');
    expect(ledgerEvent('document.read')).toBe('viewed');
    expect(ledgerEvent('record.export_refused')).toBe('refused');
    expect(ledgerEvent('audit.trail_printed')).toBe('printed');
    expect(ledgerEvent('consent.suspended')).toBe('changed');
  });
});
