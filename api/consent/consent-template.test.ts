import { describe, expect, it } from 'vitest';
import { analysisCapabilities, UNDETECTABLE } from '../../core/analysis/capabilities.js';
import { RULE_KINDS, RULE_LABELS } from '../../core/analysis/rule-kinds.js';
import { currentTemplate, templateOf, type ConsentTemplateInput } from './consent-template.js';

// v1 stays exactly as released: consents signed under it are rendered by it.
const CURRENT_TEMPLATE = templateOf('device-consent', 'v1');

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

/** The model as its manifest describes it: COCO labels (no rodent, mask, hat or cigarette). */
const coco = { labels: ['person', 'bicycle', 'car', 'bird', 'cat', 'dog', 'bottle', 'cup', 'knife', 'bowl', 'cell phone'] };

describe('device consent template v2: 分析内容 from what the platform can do', () => {
  const caps = analysisCapabilities(coco);
  const v2 = currentTemplate(caps);
  const zh = v2.render(input, 'zh-CN').text;

  it('names each rule kind the model can serve and each camera-fault check, and never what it cannot see', () => {
    expect(v2.id).toBe('device-consent');
    expect(v2.version).toMatch(/^v2-[0-9a-f]{8}$/);
    expect(caps.ruleKinds).toEqual([...RULE_KINDS]);
    const clause = zh.split('\n')[zh.split('\n').indexOf('三、分析内容') + 1];
    for (const w of ['违规进入限制区域', '非营业时间有人', '人员聚集超限', '岗位无人值守', '食品区域出现动物', '食品/无菌区域使用手机', '视频信号中断', '画面冻结']) expect(clause).toContain(w);
    expect(clause).toContain('平台不能识别老鼠、是否戴口罩、是否戴帽子、吸烟，不就此类情形预警。');
    expect(clause).toContain('预警仅为执法线索，须经执法人员核查确认');
    // The promise the business used to sign, and the officer's own words, are gone.
    expect(zh).not.toMatch(/发现未戴口罩|鼠患等风险行为/);
    expect(zh).not.toContain('分析内容文本');
    expect(caps.cannotDetect).toEqual([...UNDETECTABLE]);
  });

  it('a model without a label a rule kind needs drops that kind from the text, and the version changes', () => {
    const noPhone = analysisCapabilities({ labels: coco.labels.filter((l) => l !== 'cell phone') });
    expect(noPhone.ruleKinds).not.toContain('phone_use');
    const t = currentTemplate(noPhone);
    const text = t.render(input, 'zh-CN').text;
    expect(text).not.toContain('食品/无菌区域使用手机');
    expect(text).toContain('食品区域出现动物');
    expect(t.version).not.toBe(v2.version);
    // No model at all: no behaviour is promised, only the camera-fault checks.
    const none = currentTemplate(analysisCapabilities({ labels: [] }));
    expect(none.render(input, 'zh-CN').text).toContain('平台不对上述摄像设备的视频进行行为识别。');
    expect(none.version).not.toBe(t.version);
  });

  it('a new rule kind (or a removed one) changes the text and the version; the same capabilities give the same version', () => {
    const fewer = currentTemplate(analysisCapabilities(coco, RULE_KINDS.filter((k) => k !== 'overcrowding')));
    expect(fewer.render(input, 'zh-CN').text).not.toContain('人员聚集超限');
    expect(fewer.version).not.toBe(v2.version);
    const fewerFaults = currentTemplate(analysisCapabilities(coco, RULE_KINDS, ['stream_lost']));
    expect(fewerFaults.render(input, 'zh-CN').text).not.toContain('画面冻结');
    expect(fewerFaults.version).not.toBe(v2.version);
    expect(currentTemplate(analysisCapabilities({ labels: [...RULE_LABELS] })).version).toBe(v2.version);
  });

  it('renders again from the capabilities stored with a consent, in English too; v1 and v2 stay resolvable side by side', () => {
    const again = templateOf('device-consent', v2.version, JSON.parse(JSON.stringify(caps)));
    expect(again.render(input, 'zh-CN').text).toBe(zh);
    const en = again.render(input, 'en').text;
    expect(en).toContain('It cannot detect rodents, whether a mask is worn, whether a hat is worn, smoking');
    expect(en).toContain('entry into a restricted area');
    expect(again.render(input, 'en').statements.map((s) => s.key)).toEqual(v2.render(input, 'zh-CN').statements.map((s) => s.key));
    // Capabilities that do not give the stored version are refused, not rendered as something else.
    expect(() => templateOf('device-consent', v2.version, analysisCapabilities({ labels: [] }))).toThrow(/unknown consent template/);
    expect(() => templateOf('device-consent', v2.version)).toThrow(/unknown consent template/);
    expect(templateOf('device-consent', 'v1').render(input, 'zh-CN').text).toContain('分析内容文本');
  });
});
