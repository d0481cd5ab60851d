import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { filterChips, withoutChip } from './chips';

// A t() that shows the key and its values, so the test sees which text was asked for.
const t = ((key: string, o?: Record<string, unknown>) => (o && Object.keys(o).some((k) => k !== 'defaultValue') ? `${key}(${Object.entries(o).filter(([k]) => k !== 'defaultValue').map(([k, v]) => `${k}=${String(v)}`).join(',')})` : key)) as unknown as TFunction;
const names = { agency: (id: string) => (id === 'jd' ? '金东区' : undefined), user: (id: string) => (id === 'u1' ? '王强' : undefined) };

describe('filter chips', () => {
  it('says what a drilled list is filtered by, one chip per filter', () => {
    const p = new URLSearchParams('agencyId=jd&from=2026-11-01&to=2026-11-30&overdue=true&status=all&assignee=u1&source=tamper');
    expect(filterChips(p, t, names)).toEqual([
      { label: '金东区', params: ['agencyId'] },
      { label: 'dashboard.chips.period(from=2026-11-01,to=2026-11-30)', params: ['from', 'to'] },
      { label: 'dashboard.chips.overdue', params: ['overdue'] },
      { label: 'dashboard.chips.assignee(name=王强)', params: ['assignee'] },
      { label: 'dashboard.chips.tamper', params: ['source'] },
    ]);
  });
  it('shows an unknown id as … and ignores values it does not know', () => {
    const p = new URLSearchParams('regionId=zz&coverage=maybe&online=false&overdue=false');
    expect(filterChips(p, t, names)).toEqual([
      { label: '…', params: ['regionId'] },
      { label: 'dashboard.chips.offline', params: ['online'] },
    ]);
  });
  it('removing a chip drops its parameters and the page offset, keeping the rest', () => {
    const p = new URLSearchParams('agencyId=jd&from=2026-11-01&to=2026-11-30&overdue=true&offset=40');
    expect(withoutChip(p, { label: '', params: ['from', 'to'] }).toString()).toBe('agencyId=jd&overdue=true');
  });
});
