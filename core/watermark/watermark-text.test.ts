import { describe, expect, it } from 'vitest';
import { beijingTime, EXPORT_ID, newExportId, tilePattern, watermarkText } from './watermark-text.js';

const at = new Date('2026-12-04T18:30:05.900Z'); // 02:30:05 on 12-05 in Beijing

describe('watermark text', () => {
  it('names the viewer, the account, the Beijing time, the reference and the export id, in that order', () => {
    const w = watermarkText({ viewerName: '王晓明', account: 'officer.wc', at, reference: { kind: 'grant', value: 'DY2026-0007' }, exportId: 'WM-7K3D9Q2XAB' });
    expect(w.lines).toEqual(['王晓明（officer.wc）', '2026-12-05 02:30:05 北京时间', '调用单 DY2026-0007', '导出 WM-7K3D9Q2XAB']);
    expect(w.text).toBe('王晓明（officer.wc）  2026-12-05 02:30:05 北京时间  调用单 DY2026-0007  导出 WM-7K3D9Q2XAB');
  });

  it('words each reference kind, and leaves the line out when there is none', () => {
    const base = { viewerName: '李', account: 'a', at, exportId: 'WM-0000000000' };
    expect(watermarkText({ ...base, reference: { kind: 'case', value: '婺卫医罚〔2026〕12号' } }).lines[2]).toBe('案件 婺卫医罚〔2026〕12号');
    expect(watermarkText({ ...base, reference: { kind: 'document', value: 'X' } }).lines[2]).toBe('文书 X');
    expect(watermarkText({ ...base, reference: null }).lines).toHaveLength(3);
  });

  it('refuses an empty viewer or account, a bad export id and an invalid time', () => {
    const ok = { viewerName: '李', account: 'a', at, reference: null, exportId: 'WM-0000000000' };
    expect(() => watermarkText({ ...ok, viewerName: ' \n ' })).toThrow(/viewer name is empty/);
    expect(() => watermarkText({ ...ok, account: '' })).toThrow(/account is empty/);
    expect(() => watermarkText({ ...ok, exportId: 'WM-0000' })).toThrow(/not an export id/);
    expect(() => watermarkText({ ...ok, exportId: 'WM-000000000I' })).toThrow(/not an export id/);
    expect(() => watermarkText({ ...ok, at: new Date('x') })).toThrow(/not a valid date/);
  });

  it('strips control characters (a newline would split a drawn line) and shortens long fields', () => {
    const w = watermarkText({ viewerName: '王\n晓明\u0007', account: 'x'.repeat(80), at, reference: null, exportId: 'WM-0000000000' });
    expect(w.lines[0]).toBe(`王 晓明（${'x'.repeat(59)}…）`);
  });

  it('gives Beijing time across the UTC date line', () => {
    expect(beijingTime(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01 00:00:00');
  });

  it('makes export ids of the readable alphabet, different each time', () => {
    const ids = new Set(Array.from({ length: 200 }, () => newExportId()));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(EXPORT_ID);
    expect(newExportId(() => Buffer.alloc(10, 31))).toBe('WM-ZZZZZZZZZZ');
  });

  it('tiles the text in shifted rows with blank lines between', () => {
    const rows = tilePattern('ABC', 3, 2).split('\n');
    expect(rows).toHaveLength(9);
    expect(rows[0]).toBe('ABC\u3000\u3000\u3000\u3000ABC');
    expect(rows[3].startsWith('\u3000'.repeat(5) + 'ABC')).toBe(true);
    expect(rows[1]).toBe('');
  });
});
