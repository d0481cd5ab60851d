import { describe, expect, it } from 'vitest';
import { bodyText } from './case-templates/test-support.js';
import { platformTemplates } from './registry.js';
import { SERVICE_ADDRESS_STATEMENTS_V1, serviceAddressConfirmationV1 as tpl } from './service-address-confirmation.v1.js';

const signedAt = new Date('2026-12-07T06:05:32Z'); // 14:05:32 in Shanghai
const sample = {
  businessName: '金华市婺城区康宁医院有限公司',
  creditCode: '91330702MA2HXXXX1X',
  businessAddress: '金华市婺城区人民路 100 号',
  version: 1,
  supersedesNumber: null,
  addresses: [
    { method: 'email', address: 'legal@kangning.cn', verifiedAt: '2026-12-07T06:00:00Z' },
    { method: 'sms', address: '13800000000', verifiedAt: '2026-12-07T06:01:00Z' },
  ],
  portal: true,
  portalAccount: 'biz.hosp',
  statements: SERVICE_ADDRESS_STATEMENTS_V1.map((s, i) => ({ ...s, confirmedAt: new Date(signedAt.getTime() - (4 - i) * 1000).toISOString() })),
  signerName: '王敏',
  signerRole: '法定代表人',
  signedAt: signedAt.toISOString(),
  signIp: '10.0.0.8',
};
const ctx = { agencyName: '金华市婺城区卫生健康局', number: '2026-0001', issuedAt: signedAt };
const print = (f: unknown) => bodyText(tpl.body(tpl.fields.parse(f), ctx));
const refusal = (f: unknown) => {
  const r = tpl.fields.safeParse(f);
  return r.success ? null : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n');
};

describe('送达地址确认书 v1 (行政处罚法 art. 61 ¶2; 民事诉讼法 art. 90; 在线诉讼规则 arts. 29–31)', () => {
  it('is registered: numbered by 编号, not sealed (the business signs it)', () => {
    expect(platformTemplates().latest('service_address_confirmation')).toMatchObject({ version: 1, numbering: { scheme: 'serial' }, sealed: false, title: '送达地址确认书' });
  });

  it('names the business, the agency and every address with its proof, and the portal account', () => {
    const text = print(sample);
    expect(text).toContain('受送达人：金华市婺城区康宁医院有限公司');
    expect(text).toContain('执法机关：金华市婺城区卫生健康局');
    expect(text).toContain('电子邮箱 | legal@kangning.cn | 验证码验证通过（2026-12-07 14:00:00）');
    expect(text).toContain('手机号码（短信） | 13800000000');
    expect(text).toContain('平台账户 | 本平台企业账户（用户名：biz.hosp）');
    expect(text).toContain('签署人（法定代表人）：王敏');
  });

  it('tells the scope (every case document owed to the party), the legal effect and how to change the addresses', () => {
    const text = print(sample);
    for (const doc of ['行政处罚事先告知书', '听证通知书', '行政处罚决定书', '催告书']) expect(text).toContain(doc);
    expect(text).toContain('到达该地址所在系统');
    expect(text).toContain('之日为送达之日（《中华人民共和国民事诉讼法》第九十条第二款');
    expect(text).toContain('因本单位自身原因');
    expect(text).toContain('文书到达上述地址即视为送达');
    expect(text).toContain('被收件服务器拒收或发送失败的，不产生送达的效力');
    expect(text).toContain('重新签署送达地址确认书');
    expect(text).toContain('第六十一条第二款');
  });

  it('prints each statement with the second it was ticked', () => {
    const text = print(sample);
    for (const [i, s] of SERVICE_ADDRESS_STATEMENTS_V1.entries()) expect(text).toContain(`${s.text} | 2026-12-07 14:05:${String(28 + i).padStart(2, '0')}`);
  });

  it('a later version names the one it replaces', () => {
    expect(print({ ...sample, version: 2, supersedesNumber: '2026-0001' })).toContain('第 2 版（替代编号为 2026-0001 的第 1 版');
    expect(refusal({ ...sample, version: 2 })).toMatch(/supersedesNumber: 第二版起应写明被替代确认书的编号/);
  });

  it('refuses an empty address list, naming the field', () => {
    expect(refusal({ ...sample, addresses: [], portal: false })).toMatch(/^addresses: 送达地址不能为空/);
    expect(refusal({ ...sample, addresses: [], portal: true })).toBeNull(); // the portal alone is an address
  });

  it('refuses a statement not ticked, naming it', () => {
    expect(refusal({ ...sample, statements: sample.statements.slice(1) })).toMatch(/statements: 确认事项未全部勾选：上述电子送达地址由本单位所有/);
  });

  it('refuses an address that a code cannot prove (post, fax) and a missing signer', () => {
    expect(refusal({ ...sample, addresses: [{ method: 'post', address: '人民路 100 号', verifiedAt: sample.signedAt }] })).toMatch(/addresses\.0\.method: 送达方式应为电子邮箱或手机号码/);
    expect(refusal({ ...sample, signerName: ' ' })).toMatch(/signerName: 签署人姓名不能为空/);
  });
});
