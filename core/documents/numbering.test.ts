import { describe, expect, it } from 'vitest';
import { ENFORCEMENT_CATEGORY, formatNumber, seriesOf, shanghaiYear } from './numbering.js';

describe('document numbers', () => {
  const p = { areaAbbreviation: '婺', category: '医', year: 2026, seq: 12 };

  it('a 文号 is 区域简称 + 卫 + 执法类别 + 性质 + 〔年份〕 + 序号 + 号', () => {
    expect(formatNumber({ scheme: 'wenhao', nature: '罚' }, p)).toBe('婺卫医罚〔2026〕12号');
    expect(formatNumber({ scheme: 'wenhao', nature: '告' }, { ...p, areaAbbreviation: '金东', category: '公', seq: 1 })).toBe('金东卫公告〔2026〕1号');
  });

  it('a 编号 is the year and a four-digit sequence, wider when it must be', () => {
    expect(formatNumber({ scheme: 'serial' }, p)).toBe('2026-0012');
    expect(formatNumber({ scheme: 'serial' }, { ...p, seq: 12345 })).toBe('2026-12345');
    expect(formatNumber({ scheme: 'none' }, p)).toBeNull();
  });

  it('refuses what cannot be a number', () => {
    expect(() => formatNumber({ scheme: 'serial' }, { ...p, seq: 0 })).toThrow(/positive/);
    expect(() => formatNumber({ scheme: 'wenhao', nature: '罚' }, { ...p, category: '' })).toThrow(/category/);
    expect(() => formatNumber({ scheme: 'wenhao', nature: '罚' }, { ...p, areaAbbreviation: '' })).toThrow(/abbreviation/);
  });

  it('one series per 文号 nature, one per 编号 kind', () => {
    expect(seriesOf({ scheme: 'wenhao', nature: '罚' }, 'penalty_decision')).toBe('wenhao:罚');
    expect(seriesOf({ scheme: 'wenhao', nature: '罚' }, 'on_the_spot_decision')).toBe('wenhao:罚');
    expect(seriesOf({ scheme: 'serial' }, 'inquiry_record')).toBe('serial:inquiry_record');
    expect(seriesOf({ scheme: 'none' }, 'site_notice')).toBeNull();
  });

  it('the year is the Asia/Shanghai year of issue', () => {
    expect(shanghaiYear(new Date('2026-12-31T15:59:59Z'))).toBe(2026);
    expect(shanghaiYear(new Date('2026-12-31T16:00:00Z'))).toBe(2027);
  });

  it('every business category has its enforcement category', () => {
    expect(ENFORCEMENT_CATEGORY).toEqual({ medical: '医', public_place: '公', school_canteen: '学', water_supply: '水', other: '综' });
  });
});
