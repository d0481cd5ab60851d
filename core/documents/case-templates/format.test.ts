import { describe, expect, it } from 'vitest';
import { capitalAmount, printAmount, printDate, printDateTime, printSpan, yuanFigure } from './format.js';

describe('amounts in Chinese capitals (大写)', () => {
  it.each([
    [2_000_000, '贰万元整'],
    [6_000_000, '陆万元整'],
    [300_000, '叁仟元整'],
    [20_000, '贰佰元整'],
    [1_000, '壹拾元整'],
    [1_050_000, '壹万零伍佰元整'],
    [1_080_000, '壹万零捌佰元整'],
    [10_000_000, '壹拾万元整'],
    [100_100_000, '壹佰万壹仟元整'],
    [100_050_000, '壹佰万零伍佰元整'],
    [10_001_000_000, '壹亿零壹万元整'],
    [100_000_100_000, '壹拾亿零壹仟元整'],
    [123_456_789, '壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分'],
    [1_050, '壹拾元伍角整'],
    [100_005, '壹仟元零伍分'],
    [10_505, '壹佰零伍元零伍分'],
    [50, '伍角整'],
    [5, '伍分'],
    [0, '零元整'],
  ])('%i fen → %s', (fen, words) => {
    expect(capitalAmount(fen)).toBe(words);
  });

  it('refuses amounts that are not whole non-negative fen', () => {
    expect(() => capitalAmount(-1)).toThrow();
    expect(() => capitalAmount(1.5)).toThrow();
    expect(() => yuanFigure(Number.NaN)).toThrow();
  });

  it('prints the figure in yuan with two decimals beside the capitals', () => {
    expect(yuanFigure(2_000_000)).toBe('20,000.00');
    expect(yuanFigure(5)).toBe('0.05');
    expect(yuanFigure(123_456_789)).toBe('1,234,567.89');
    expect(printAmount(2_000_000)).toBe('人民币贰万元整（¥20,000.00）');
  });
});

describe('dates as documents print them, in Asia/Shanghai', () => {
  it('prints the Shanghai day, not the UTC day', () => {
    // 16:30 UTC on 7 October is 00:30 on 8 October in Shanghai.
    expect(printDate(new Date('2026-10-07T16:30:00Z'))).toBe('2026年10月8日');
    expect(printDate('2026-10-08')).toBe('2026年10月8日');
    expect(printDate('2026-01-05T23:59:00+08:00')).toBe('2026年1月5日');
  });

  it('prints times to the minute and spans on one day without repeating the day', () => {
    expect(printDateTime('2026-09-23T01:05:00Z')).toBe('2026年9月23日9时05分');
    expect(printSpan('2026-09-23T09:30:00+08:00', '2026-09-23T10:45:00+08:00')).toBe('2026年9月23日9时30分至10时45分');
    expect(printSpan('2026-09-23T23:30:00+08:00', '2026-09-24T00:15:00+08:00')).toBe('2026年9月23日23时30分至2026年9月24日0时15分');
  });
});
