import { describe, expect, it } from 'vitest';
import { hearingRightApplies, priorNoticeV1 } from './prior-notice.v1.js';
import { CASE_SAMPLES, SAMPLE_CONTEXT } from './samples.js';
import { bodyText, withValue } from './test-support.js';

const sample = CASE_SAMPLES.prior_notice;
const print = (f: unknown) => bodyText(priorNoticeV1.body(priorNoticeV1.fields.parse(f), SAMPLE_CONTEXT));
const HEARING = '有要求听证的权利';

describe('行政处罚事先告知书 v1 (行政处罚法 arts. 44, 45, 63, 64)', () => {
  it('always tells the proposed penalty, its facts, reasons and basis, and the right to state and defend', () => {
    const text = print(withValue(sample, ['penalties'], [{ kind: 'fine', amountFen: 2_000_000 }]));
    expect(text).toContain('拟对你单位作出如下行政处罚：罚款人民币贰万元整（¥20,000.00）');
    expect(text).toContain('违反了《医疗机构管理条例》第二十七条的规定');
    expect(text).toContain('依据《医疗机构管理条例》第四十八条的规定');
    expect(text).toContain('依照本机关行政处罚裁量基准属一般情节');
    expect(text).toContain('有权进行陈述和申辩');
    expect(text).toContain('不因你单位陈述、申辩而给予更重的处罚');
  });

  it('a large fine (≥ the province\'s figure for an organisation) carries the hearing right, asked within five working days', () => {
    const text = print(sample); // ¥60,000, the figure ¥50,000
    expect(text).toContain(HEARING);
    expect(text).toContain('收到本告知书之日起五个工作日内');
  });

  it('a ¥20,000 fine to an organisation does not (art. 63 does not cover it)', () => {
    expect(print(withValue(sample, ['penalties'], [{ kind: 'fine', amountFen: 2_000_000 }]))).not.toContain(HEARING);
  });

  it('revoking a licence, stopping business or restricting practice carries it whatever the fine', () => {
    for (const p of [
      { kind: 'revoke_licence', licence: '医疗机构执业许可证' },
      { kind: 'suspend_business', period: '一个月' },
      { kind: 'restrict_practice', detail: '三年内不得从事口腔诊疗' },
      { kind: 'close' },
    ])
      expect(print(withValue(sample, ['penalties'], [{ kind: 'fine', amountFen: 100_000 }, p])), p.kind).toContain(HEARING);
  });

  it('the threshold follows the party: ¥6,000 is large for a person, not for an organisation', () => {
    const large = sample.largeAmount;
    const fine = [{ kind: 'fine' as const, amountFen: 600_000 }];
    expect(hearingRightApplies(fine, { type: 'person', name: '李某', address: '金华市婺城区' }, large)).toBe(true);
    expect(hearingRightApplies(fine, sample.party, large)).toBe(false);
    // Confiscating property of a large value (art. 63(2)) and another rule's ground (63(6)).
    expect(hearingRightApplies([{ kind: 'confiscate_property', description: '洁牙机1台', valueFen: 6_000_000 }], sample.party, large)).toBe(true);
    expect(hearingRightApplies(fine, sample.party, large, '地方性法规规定应当告知听证权利')).toBe(true);
  });
});
