import { describe, expect, it } from 'vitest';
import { BUSINESS_CATEGORIES } from '../db/database.js';
import { checklistProblems, CHECKLISTS, currentChecklist, orderedAnswers, type Answer } from './checklists.js';
import { commitmentText, contentSha256 } from './commitment.js';

const list = currentChecklist('public_place');
const full = (): Answer[] => list.items.map((i) => ({ key: i.key, answer: 'yes', note: '', photoIds: i.photo ? ['p1'] : [] }));

describe('self-inspection checklists', () => {
  it('has a list for every category, each item keyed once and citing its basis', () => {
    for (const c of BUSINESS_CATEGORIES) {
      const l = currentChecklist(c);
      expect(l.items.length).toBeGreaterThan(2);
      expect(new Set(l.items.map((i) => i.key)).size).toBe(l.items.length);
      for (const i of l.items) expect(i.basis.length).toBeGreaterThan(3);
    }
    expect(new Set(CHECKLISTS.map((c) => `${c.category}/${c.version}`)).size).toBe(CHECKLISTS.length);
  });

  it('a complete list has no problems', () => {
    expect(checklistProblems(list, full())).toEqual([]);
  });

  it('names each problem: unanswered, note for 否/不适用, photo, unknown item', () => {
    const a = full();
    a[0] = { ...a[0], photoIds: [] }; // hygiene permit: photo required
    a[1] = { ...a[1], answer: 'no', note: '  ' };
    a[2] = { ...a[2], answer: null };
    a[4] = { ...a[4], answer: 'na', note: '无泳池', photoIds: [] };
    a.push({ key: 'made.up', answer: 'yes', note: '', photoIds: [] });
    expect(checklistProblems(list, a)).toEqual([
      { path: ['answers', 6, 'key'], message: 'self_report.unknown_item' },
      { path: ['answers', 'public.hygiene_permit', 'photoIds'], message: 'self_report.photo_required' },
      { path: ['answers', 'public.staff_health', 'note'], message: 'self_report.note_required' },
      { path: ['answers', 'public.supplies_disinfection'], message: 'self_report.item_unanswered' },
    ]);
    expect(checklistProblems(list, a.slice(0, 1).concat(a.slice(2, 3)))).toContainEqual({ path: ['answers', 'public.staff_health'], message: 'self_report.item_unanswered' });
  });

  it('stores answers in checklist order, trimmed, without duplicate photos', () => {
    const a = full().reverse();
    a[0] = { ...a[0], note: ' 设备正常 ', photoIds: ['x', 'x', 'y'] };
    const o = orderedAnswers(list, a);
    expect(o.map((x) => x.key)).toEqual(list.items.map((i) => i.key));
    expect(o.at(-1)).toMatchObject({ note: '设备正常', photoIds: ['x', 'y'] });
  });

  it('the content hash covers the answers and the commitment text', () => {
    const content = { businessId: 'b', businessName: '某宾馆', category: 'public_place', periodKey: '2026-Q4', periodStart: '2026-10-01', periodEnd: '2026-12-31', checklistVersion: 1, answers: orderedAnswers(list, full()).map(({ photoIds, ...x }) => ({ ...x, photos: photoIds })), commitment: commitmentText('某宾馆', '2026-Q4') };
    const h = contentSha256(content);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(contentSha256({ ...content })).toBe(h);
    expect(contentSha256({ ...content, commitment: commitmentText('某宾馆', '2026-Q3') })).not.toBe(h);
    expect(contentSha256({ ...content, answers: content.answers.map((x, i) => (i === 0 ? { ...x, note: '改' } : x)) })).not.toBe(h);
    expect(commitmentText('某宾馆', '2026-Q4')).toContain('真实');
  });
});
