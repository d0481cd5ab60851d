import { describe, expect, it } from 'vitest';
import { heavierProblem, isHeavier, majorReasons, parseYuan, simpleProcedureProblem } from './major.js';

describe('money in yuan, stored in fen', () => {
  it('takes a positive amount with at most two decimals', () => {
    expect(parseYuan('20000', '罚款金额')).toBe(2_000_000);
    expect(parseYuan(150000, '罚款金额')).toBe(15_000_000);
    expect(parseYuan('0.05', '罚款金额')).toBe(5);
    expect(parseYuan('199.9', '罚款金额')).toBe(19990);
  });
  it.each(['0', '0.00', '-5', '1.234', 'abc', '', '1e5'])('refuses %s naming the rule', (v) => {
    expect(parseYuan(v, '罚款金额')).toMatchObject({ code: 'invalid_amount', rule: '行政处罚法第五十九条' });
  });
  it('refuses non-finite numbers', () => expect(parseYuan(Number.NaN, '罚款金额')).toMatchObject({ code: 'invalid_amount' }));
});

describe('simple procedure (行政处罚法 art. 51)', () => {
  it('a warning, or up to 200 yuan for a citizen and 3,000 for an organisation', () => {
    expect(simpleProcedureProblem({ kinds: ['warning'] }, 'person')).toBeNull();
    expect(simpleProcedureProblem({ kinds: ['fine'], fineFen: 200_00 }, 'person')).toBeNull();
    expect(simpleProcedureProblem({ kinds: ['fine'], fineFen: 200_01 }, 'person')).toMatchObject({ code: 'simple_limit_exceeded', rule: '行政处罚法第五十一条' });
    expect(simpleProcedureProblem({ kinds: ['fine'], fineFen: 3000_00 }, 'organisation')).toBeNull();
    expect(simpleProcedureProblem({ kinds: ['fine'], fineFen: 3000_01 }, 'organisation')).toMatchObject({ code: 'simple_limit_exceeded' });
    expect(simpleProcedureProblem({ kinds: ['confiscation'], confiscationFen: 100 }, 'organisation')).toMatchObject({ code: 'simple_limit_exceeded' });
  });
});

describe('major decisions (004 附表3 §3–§4; 行政处罚法 art. 58)', () => {
  it('money thresholds per party, fines and confiscation together', () => {
    expect(majorReasons({ party: 'organisation', penalty: { kinds: ['fine'], fineFen: 20_000_00 } })).toEqual([]);
    expect(majorReasons({ party: 'organisation', penalty: { kinds: ['fine'], fineFen: 150_000_00 } })[0].rule).toBe('004附表3第三条第（三）项');
    expect(majorReasons({ party: 'organisation', penalty: { kinds: ['fine', 'confiscation'], fineFen: 60_000_00, confiscationFen: 40_000_00 } })).toHaveLength(1);
    expect(majorReasons({ party: 'person', penalty: { kinds: ['fine'], fineFen: 9_999_99 } })).toEqual([]);
    expect(majorReasons({ party: 'person', penalty: { kinds: ['fine'], fineFen: 10_000_00 } })).toHaveLength(1);
  });
  it('revocation, suspension and major coercive measures', () => {
    expect(majorReasons({ party: 'organisation', penalty: { kinds: ['licence_revocation'] } }).map((r) => r.reason)).toEqual(['吊销许可证件']);
    expect(majorReasons({ party: 'organisation', penalty: { kinds: ['business_suspension'] } }).map((r) => r.reason)).toEqual(['责令停产停业']);
    expect(majorReasons({ party: 'organisation', penalty: { kinds: ['warning'] }, majorCoercion: true })[0].rule).toBe('004附表3第四条');
  });
  it("art. 58's cases: public interest, complex; major rights only after a hearing", () => {
    const warning = { kinds: ['warning' as const] };
    expect(majorReasons({ party: 'person', penalty: warning, art58: { publicInterest: true } })[0].rule).toBe('行政处罚法第五十八条第一款第（一）项');
    expect(majorReasons({ party: 'person', penalty: warning, art58: { complex: true } })[0].rule).toBe('行政处罚法第五十八条第一款第（三）项');
    expect(majorReasons({ party: 'person', penalty: warning, art58: { majorRights: true }, hearingHeld: false })).toEqual([]);
    expect(majorReasons({ party: 'person', penalty: warning, art58: { majorRights: true }, hearingHeld: true })[0].rule).toBe('行政处罚法第五十八条第一款第（二）项');
  });
});

describe('not heavier than the prior notice (行政处罚法 arts. 44, 45)', () => {
  const notice = { kinds: ['fine' as const], fineFen: 20_000_00 };
  it('a higher fine or a heavier kind is heavier; a lighter one is not', () => {
    expect(isHeavier(notice, { kinds: ['fine'], fineFen: 20_000_01 })).toBe(true);
    expect(isHeavier(notice, { kinds: ['fine', 'business_suspension'], fineFen: 20_000_00 })).toBe(true);
    expect(isHeavier(notice, { kinds: ['fine'], fineFen: 15_000_00 })).toBe(false);
    expect(isHeavier(notice, { kinds: ['warning', 'fine'], fineFen: 10_000_00 })).toBe(false);
  });
  it('after the party defended itself: refused under art. 45; without a defence: a new notice is needed (arts. 44, 62)', () => {
    expect(heavierProblem(notice, { kinds: ['fine'], fineFen: 30_000_00 }, true)).toMatchObject({ code: 'heavier_after_defence', rule: '行政处罚法第四十五条第二款' });
    expect(heavierProblem(notice, { kinds: ['fine'], fineFen: 30_000_00 }, false)).toMatchObject({ code: 'heavier_than_notice' });
    expect(heavierProblem(notice, { kinds: ['fine'], fineFen: 20_000_00 }, true)).toBeNull();
  });
});
