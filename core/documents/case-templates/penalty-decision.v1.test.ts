import { describe, expect, it } from 'vitest';
import { penaltyDecisionV1 } from './penalty-decision.v1.js';
import { CASE_SAMPLES, SAMPLE_CONTEXT } from './samples.js';
import { bodyText, withValue } from './test-support.js';

const sample = CASE_SAMPLES.penalty_decision;
const print = (f: unknown) => bodyText(penaltyDecisionV1.body(penaltyDecisionV1.fields.parse(f), SAMPLE_CONTEXT));

describe('行政处罚决定书 v1 (行政处罚法 arts. 59, 67, 72)', () => {
  it('a ¥20,000 fine to an organisation prints every part of art. 59 and the payment and late-fee rules', () => {
    const text = print(withValue(sample, ['penalties'], [{ kind: 'fine', amountFen: 2_000_000 }]));
    // (1) name and address
    expect(text).toContain('当事人：金华婺城康雅口腔诊所有限公司');
    expect(text).toContain('地址：浙江省金华市婺城区八一南街288号');
    // (2) facts and evidence
    expect(text).toContain('李某在诊疗室为患者实施口腔洁治');
    expect(text).toContain('2026年9月24日对王建华的询问笔录');
    // (3) kind and basis, the amount in capitals and in yuan
    expect(text).toContain('违反了《医疗机构管理条例》第二十七条的规定');
    expect(text).toContain('依据《医疗机构管理条例》第四十八条的规定');
    expect(text).toContain('罚款人民币贰万元整（¥20,000.00）');
    // (4) how and by when; where to pay; art. 72 late fee
    expect(text).toContain('自收到本决定书之日起十五日内缴至金华市婺城区财政局');
    expect(text).toContain('每日按罚款数额的百分之三加处罚款，加处罚款的数额不得超出罚款的数额');
    // (5) reconsideration 60 days, litigation 6 months, with the bodies named
    expect(text).toContain('收到本决定书之日起六十日内向金华市婺城区人民政府申请行政复议');
    expect(text).toContain('收到本决定书之日起六个月内向金华市婺城区人民法院提起行政诉讼');
    // the prior notice it rests on (art. 62) and how the party was heard (art. 45)
    expect(text).toContain('婺卫医告〔2026〕9号');
    expect(text).toContain('复核意见');
  });

  it('(6) ends with the agency\'s sign-off on the decision day, under the seal', () => {
    const body = penaltyDecisionV1.body(penaltyDecisionV1.fields.parse(sample), SAMPLE_CONTEXT);
    expect(body.at(-1)).toEqual({ kind: 'issuer', date: SAMPLE_CONTEXT.issuedAt });
    expect(penaltyDecisionV1.sealed).toBe(true);
  });

  it('a warning alone has nothing to pay: no payment or late-fee sentence, and no payment needed', () => {
    const f = withValue(withValue(sample, ['penalties'], [{ kind: 'warning' }]), ['payment'], undefined);
    const text = print(f);
    expect(text).toContain('给予你单位如下行政处罚：警告');
    expect(text).not.toContain('百分之三');
    expect(text).not.toContain('十五日内');
  });

  it('a penalty performed by doing something needs its way and time limit (art. 59(4))', () => {
    const f = withValue(sample, ['penalties'], [{ kind: 'suspend_business', period: '三个月' }]);
    const r = penaltyDecisionV1.fields.safeParse(f);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message).join()).toContain('履行方式和期限必填');
    const ok = print(withValue(f, ['performance'], '自收到本决定书之次日起停业三个月，停业期间不得开展诊疗活动。'));
    expect(ok).toContain('责令停产停业三个月');
    expect(ok).toContain('停业期间不得开展诊疗活动');
  });

  it('several penalties are numbered and confiscated gains are paid with the fine', () => {
    const text = print(withValue(sample, ['penalties'], [{ kind: 'warning' }, { kind: 'fine', amountFen: 1_050_000 }, { kind: 'confiscate_gains', amountFen: 370_000 }]));
    expect(text).toContain('1. 警告；2. 罚款人民币壹万零伍佰元整（¥10,500.00）；3. 没收违法所得人民币叁仟柒佰元整（¥3,700.00）');
    expect(text).toContain('上述罚没款合计人民币壹万肆仟贰佰元整（¥14,200.00）');
  });

  it('orders the violation corrected (art. 28), or records that it already was', () => {
    expect(print(sample)).toContain('根据《中华人民共和国行政处罚法》第二十八条的规定，责令你单位立即停止使用非卫生技术人员从事医疗卫生技术工作。');
    const done = print(withValue(sample, ['correction'], { kind: 'corrected', detail: '当事人已于2026年9月23日辞退李某，违法行为已改正' }));
    expect(done).toContain('当事人已于2026年9月23日辞退李某，违法行为已改正。');
    expect(done).not.toContain('责令你单位');
  });

  it('refuses a fine that is not a positive whole number of fen', () => {
    for (const amountFen of [0, -100, 12.5]) {
      const r = penaltyDecisionV1.fields.safeParse(withValue(sample, ['penalties'], [{ kind: 'fine', amountFen }]));
      expect(r.success, String(amountFen)).toBe(false);
      expect(r.error?.issues[0].message).toMatch(/^罚款金额/);
    }
  });
});
