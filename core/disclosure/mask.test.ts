import { describe, expect, it } from 'vitest';
import { checkText, isIdNumber, maskAddress, maskName, maskText, SECRET_MARK } from './mask.js';

// A valid ID number (GB 11643 check digit) and a Luhn-valid card number, made up.
const ID = '11010519491231002X';
const CARD = '6222021234567890128';

describe('maskName', () => {
  it('keeps the surname: 张三 → 张某, 王建国 → 王某, compound surnames whole', () => {
    expect(maskName('张三')).toBe('张某');
    expect(maskName('王建国')).toBe('王某');
    expect(maskName('欧阳娜娜')).toBe('欧阳某');
  });
});

describe('isIdNumber', () => {
  it('checks the birth date and the check digit', () => {
    expect(isIdNumber(ID)).toBe(true);
    expect(isIdNumber('110105194912310021')).toBe(false);
    expect(isIdNumber('110105194913310021')).toBe(false);
  });
});

describe('maskText', () => {
  const known = { names: ['王建国', '李娜'], addresses: ['浙江省金华市婺城区八一北街12号'], secrets: ['配方A-17'] };

  it('masks known names, ID, mobile, bank account, personal address and marked secrets', () => {
    const text = `当事人王建国（身份证号${ID}，电话13812345678，住浙江省金华市婺城区八一北街12号）经营的诊所使用配方A-17，罚款缴入${CARD}。证人李娜在场。`;
    const out = maskText(text, known);
    expect(out).toBe(`当事人王某（身份证号110105************，电话138****5678，住浙江省金华市婺城区****）经营的诊所使用${SECRET_MARK}，罚款缴入6222***********0128。证人李某在场。`);
    expect(checkText(out, known)).toEqual([]);
  });

  it('keeps an organisation name, its credit code, a document number and a landline', () => {
    const text = '金华市婺城区人民医院（统一社会信用代码12330702470100081L）婺卫医罚〔2026〕12号，咨询电话0579-82468000。';
    expect(maskText(text, { names: ['王建国'] })).toBe(text);
    expect(checkText(text, { names: ['王建国'] })).toEqual([]);
  });
});

describe('checkText', () => {
  it('names each span still in the text with its place', () => {
    const text = `负责人王建国，电话13812345678。`;
    expect(checkText(text, { names: ['王建国'] })).toEqual([
      { kind: 'name', start: 3, end: 6, text: '王建国' },
      { kind: 'mobile', start: 9, end: 20, text: '13812345678' },
    ]);
  });

  it('finds an ID number that is not a known name (pattern), but not a random 18-digit run', () => {
    expect(checkText(`号码${ID}`, { names: [] }).map((s) => s.kind)).toEqual(['id_number']);
    expect(checkText('编号123456789012345678', { names: [] })).toEqual([]);
  });

  it('ignores one-character names (too many false hits)', () => {
    expect(checkText('张', { names: ['张'] })).toEqual([]);
  });
});

describe('maskAddress', () => {
  it('keeps the county or district, or the city', () => {
    expect(maskAddress('浙江省金华市婺城区八一北街12号')).toBe('浙江省金华市婺城区****');
    expect(maskAddress('金华市双龙南街1号')).toBe('金华市****');
    expect(maskAddress('八一北街12号')).toBe('****');
  });
});
