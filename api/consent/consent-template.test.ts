import { describe, expect, it } from 'vitest';
import { CURRENT_TEMPLATE, templateOf, type ConsentTemplateInput } from './consent-template.js';

const input: ConsentTemplateInput = {
  ref: 'QR2026-000001',
  agencyName: '金华市婺城区卫生健康局',
  businessName: '婺城区人民医院',
  creditCode: '12330702MB1234567X',
  siteName: '营养食堂',
  siteAddress: '人民路 100 号',
  devices: [
    { name: '后厨 1 号', kind: 'camera', mobility: 'fixed', protocol: 'rtmp', pointsAt: '切配区', coverage: '切配台', recordsAudio: false, siteId: 's' },
    { name: '温湿度', kind: 'sensor', mobility: 'mobile', protocol: 'http', pointsAt: '', coverage: '冷库', recordsAudio: true, siteId: 's' },
  ],
  purpose: '监管目的文本',
  analysis: '分析内容文本',
  retention: '保存六个月',
  viewers: '授权执法人员',
  extraTerms: '',
  validFrom: '2026-11-25',
  validUntil: '2027-11-24',
  amendsRef: null,
};

describe('device consent template v1', () => {
  it('renders every clause, device and statement into the text that is signed', () => {
    const { text, statements } = CURRENT_TEMPLATE.render(input, 'zh-CN');
    expect(text.split('\n')[0]).toBe('非现场监管设备安装确认书');
    for (const s of ['监管目的文本', '分析内容文本', '保存六个月', '授权执法人员', '2026-11-25', '2027-11-24', '12330702MB1234567X']) expect(text).toContain(s);
    expect(text).toContain('（1）后厨 1 号：摄像设备，定点；朝向：切配区；覆盖范围：切配台；是否录音：否');
    expect(text).toContain('（2）温湿度：传感设备，移动；朝向：—；覆盖范围：冷库；是否录音：是');
    expect(text).toContain('不得故意损毁、擅自移动、拆除');
    expect(statements.map((s) => s.key)).toEqual(['enforcement_basis', 'duties', 'notice', 'read_and_asked']);
    for (const s of statements) expect(text).toContain(`□ ${s.text}`);
    expect(text).not.toContain('其他约定');
  });

  it('names the consent it amends, prints extra terms, and is stable for the same input', () => {
    const a = CURRENT_TEMPLATE.render({ ...input, amendsRef: 'QR2026-000000', extraTerms: '夜间不录音' }, 'zh-CN');
    expect(a.text).toContain('（变更 QR2026-000000）');
    expect(a.text).toContain('其他约定\n夜间不录音');
    expect(CURRENT_TEMPLATE.render(input, 'zh-CN').text).toBe(CURRENT_TEMPLATE.render(input, 'zh-CN').text);
  });

  it('has an English view with the same statement keys, and old versions stay resolvable', () => {
    const en = CURRENT_TEMPLATE.render(input, 'en');
    expect(en.text).toContain('will be used as a basis for health enforcement');
    expect(en.statements.map((s) => s.key)).toEqual(CURRENT_TEMPLATE.render(input, 'zh-CN').statements.map((s) => s.key));
    expect(templateOf('device-consent', 'v1')).toBe(CURRENT_TEMPLATE);
    expect(() => templateOf('device-consent', 'v0')).toThrow(/unknown consent template/);
  });
});
