import { describe, expect, it } from 'vitest';
import { onTheSpotDecisionV1 } from './on-the-spot-decision.v1.js';
import { CASE_SAMPLES, SAMPLE_CONTEXT } from './samples.js';
import { bodyText, withValue } from './test-support.js';

const sample = CASE_SAMPLES.on_the_spot_decision;
const parse = (f: unknown) => onTheSpotDecisionV1.fields.safeParse(f);
const person = { type: 'person', name: '张某', address: '金华市婺城区城北路70号' };

describe('当场行政处罚决定书 v1 (行政处罚法 arts. 51, 52, 68)', () => {
  it('allows up to ¥3,000 for an organisation and ¥200 for a person, and refuses more', () => {
    expect(parse(withValue(sample, ['penalty'], { kind: 'fine', amountFen: 300_000 })).success).toBe(true);
    expect(parse(withValue(sample, ['penalty'], { kind: 'fine', amountFen: 300_001 })).error?.issues[0].message).toContain('法人或者其他组织三千元以下');
    const p = withValue(sample, ['party'], person);
    expect(parse(withValue(p, ['penalty'], { kind: 'fine', amountFen: 20_000 })).success).toBe(true);
    expect(parse(withValue(p, ['penalty'], { kind: 'fine', amountFen: 20_001 })).error?.issues[0].message).toContain('公民二百元以下');
  });

  it('collects on the spot "under 100 yuan" only for fines of at most 100 yuan, against a receipt', () => {
    const onSpot = { kind: 'on_spot', reason: '100元以下', receiptNo: '浙财罚0012345' };
    const f = withValue(withValue(sample, ['collection'], onSpot), ['penalty'], { kind: 'fine', amountFen: 10_000 });
    expect(parse(f).success).toBe(true);
    expect(bodyText(onTheSpotDecisionV1.body(onTheSpotDecisionV1.fields.parse(f), SAMPLE_CONTEXT))).toContain('票据号码：浙财罚0012345');
    expect(parse(withValue(f, ['penalty'], { kind: 'fine', amountFen: 10_001 })).error?.issues[0].message).toContain('第六十八条');
  });

  it('a party who refuses to sign is noted on the decision (art. 52 ¶1)', () => {
    const f = withValue(sample, ['partySignature'], { status: 'refused', name: '徐丽', note: '称需与店主商量' });
    const text = bodyText(onTheSpotDecisionV1.body(onTheSpotDecisionV1.fields.parse(f), SAMPLE_CONTEXT));
    expect(text).toContain('当事人徐丽拒绝签收（称需与店主商量），执法人员已在本决定书上注明');
  });

  it('a warning needs no collection and prints no payment', () => {
    const f = withValue(withValue(sample, ['penalty'], { kind: 'warning' }), ['collection'], undefined);
    const text = bodyText(onTheSpotDecisionV1.body(onTheSpotDecisionV1.fields.parse(f), SAMPLE_CONTEXT));
    expect(text).toContain('当场决定给予你单位警告的行政处罚');
    expect(text).not.toContain('十五日内');
  });
});
