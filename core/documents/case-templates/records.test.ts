import { describe, expect, it } from 'vitest';
import { hearingRecordV1 } from './hearing-record.v1.js';
import { inquiryRecordV1 } from './inquiry-record.v1.js';
import { onSiteRecordV1 } from './on-site-record.v1.js';
import { CASE_SAMPLES, SAMPLE_CONTEXT } from './samples.js';
import { bodyText, without, withValue } from './test-support.js';

/** Records name who was there and are signed; a refusal to sign is written into the record. */
describe('records: refusals to sign are recorded (行政强制法 art. 18(8)(9); 行政处罚法 art. 64(8))', () => {
  it('现场笔录: the person present who refused, noted by the officers', () => {
    const f = withValue(CASE_SAMPLES.on_site_record, ['presentSignature'], { status: 'refused', name: '王建华', note: '称对检查结果有异议' });
    const text = bodyText(onSiteRecordV1.body(onSiteRecordV1.fields.parse(f), SAMPLE_CONTEXT));
    expect(text).toContain('在场人王建华拒绝签名（称对检查结果有异议），由执法人员在本笔录中注明。');
  });

  it('现场笔录: with the party absent, a witness takes part and signs', () => {
    const absent = without(without(CASE_SAMPLES.on_site_record, ['present']), ['presentSignature']);
    expect(onSiteRecordV1.fields.safeParse(absent).error?.issues[0].message).toContain('邀请见证人到场');
    const f = { ...absent, witness: { name: '赵某', role: '八一南街社区工作人员' }, witnessSignature: { status: 'signed', name: '赵某' } };
    const text = bodyText(onSiteRecordV1.body(onSiteRecordV1.fields.parse(f), SAMPLE_CONTEXT));
    expect(text).toContain('在场人：当事人未到场');
    expect(text).toContain('见证人：赵某（八一南街社区工作人员）');
  });

  it('询问笔录: a person questioned who refused does not "confirm" the record', () => {
    const f = withValue(CASE_SAMPLES.inquiry_record, ['intervieweeSignature'], { status: 'refused', name: '王建华' });
    const text = bodyText(inquiryRecordV1.body(inquiryRecordV1.fields.parse(f), SAMPLE_CONTEXT));
    expect(text).toContain('被询问人王建华拒绝签名，由执法人员在本笔录中注明。');
    expect(text).not.toContain('以上笔录我看过');
  });

  it('听证笔录: the chair notes the refusal', () => {
    const f = withValue(CASE_SAMPLES.hearing_record, ['partySignature'], { status: 'refused', name: '郑航' });
    const text = bodyText(hearingRecordV1.body(hearingRecordV1.fields.parse(f), SAMPLE_CONTEXT));
    expect(text).toContain('当事人（代理人）郑航拒绝签名，由听证主持人在本笔录中注明。');
  });
});
