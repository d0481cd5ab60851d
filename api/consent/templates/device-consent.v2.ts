import { createHash } from 'node:crypto';
import { analysisClause, type AnalysisCapabilities } from '../../../core/analysis/capabilities.js';
import type { ConsentTemplate, ConsentTemplateInput } from '../consent-template.js';
import { deviceLine, NUM } from './device-consent.v1.js';

// 设备安装确认书 v2 — as v1 (seed 002 §10–§12, §11/§23, 002-音像 §9), except that 分析内容 is no
// longer typed by the officer: it is derived from what the platform can do (rule kinds the model
// can serve, camera-fault checks, what it cannot detect), so the business never signs a promise
// the product cannot keep. The version carries a digest of that clause: when a capability is
// added or removed the clause changes, and so does the version ("v2-<8 hex>"). Never edit a
// released wording: add v3.

const zh = {
  title: '非现场监管设备安装确认书',
  statements: [
    { key: 'enforcement_basis', text: '本单位已知悉并同意：上述设备记录的内容将作为卫生健康行政执法的依据。' },
    { key: 'duties', text: '本单位承诺不故意损毁、擅自移动、拆除上述设备；设备故障、中断或确需移动时及时报告执法机构。' },
    { key: 'notice', text: '本单位同意在设备安装场所张贴公告，明示已安装非现场监管设备。' },
    { key: 'read_and_asked', text: '本单位已阅读全部条款（包括分析内容及其局限），知悉有权就本确认书内容提出询问，并已得到解答。' },
  ],
};
const en = {
  title: 'Confirmation of installation of remote supervision devices',
  statements: [
    { key: 'enforcement_basis', text: 'We understand and agree that what these devices record will be used as a basis for health enforcement.' },
    { key: 'duties', text: 'We will not damage, move or remove these devices, and will report faults, interruptions or any needed move to the agency.' },
    { key: 'notice', text: 'We agree to post a notice at the site stating that remote supervision devices are installed.' },
    { key: 'read_and_asked', text: 'We have read every clause (including what is analysed and its limits), know we may ask questions about this confirmation, and have had them answered.' },
  ],
};

/** "v2-" and the first 8 hex digits of the SHA-256 of the analysis clause in both languages. */
export function v2Version(c: AnalysisCapabilities): string {
  const digest = createHash('sha256').update(`${analysisClause(c, 'zh-CN')}\n${analysisClause(c, 'en')}`).digest('hex');
  return `v2-${digest.slice(0, 8)}`;
}
export const V2_VERSION = /^v2-[0-9a-f]{8}$/;

function sections(i: ConsentTemplateInput, caps: AnalysisCapabilities, lang: 'zh-CN' | 'en'): [string, string[]][] {
  const devices = i.devices.map((d, n) => deviceLine(d, n, lang));
  const extra = i.extraTerms.trim() ? ([[lang === 'en' ? 'Other terms' : '其他约定', [i.extraTerms.trim()]]] as [string, string[]][]) : [];
  if (lang === 'en') {
    return [
      ['Devices', devices],
      ['Purpose', [i.purpose]],
      ['What is analysed', [analysisClause(caps, 'en')]],
      ['Retention', [i.retention]],
      ['Who may view', [i.viewers]],
      ['Duties of the business', ['No one may deliberately damage, move without authorisation or remove the devices (002 §11, §23). Installation and later enforcement must not disturb normal business (002 §12).']],
      ['Rights of the business', ['The business may ask the agency about this confirmation at any time; it is notified of suspected violations found by the devices and may confirm, state its case and defend itself; it may ask to suspend or withdraw this consent, stating its reason.']],
      ['Validity and changes', [`Valid from ${i.validFrom} to ${i.validUntil}. Adding, moving or re-aiming a device needs a new signed confirmation; a device not covered by a confirmation in force does not stream.`]],
      ...extra,
      ['Confirmation', en.statements.map((s) => `□ ${s.text}`)],
    ];
  }
  return [
    ['设备信息', devices],
    ['监管目的', [i.purpose]],
    ['分析内容', [analysisClause(caps, 'zh-CN')]],
    ['保存期限', [i.retention]],
    ['查阅权限', [i.viewers]],
    ['行政相对人义务', ['任何机构和个人不得故意损毁、擅自移动、拆除非现场监管设备（依据《非现场行政执法工作办法》第十一条、第二十三条）。设备安装及后续执法行为不影响本单位的正常从业活动（第十二条）。']],
    ['行政相对人权利', ['本单位可随时就本确认书内容向执法机构询问；通过设备发现违法违规行为的，执法机构将告知本单位并听取确认，本单位依法享有陈述、申辩等权利；本单位可说明理由申请暂停或撤回本同意。']],
    ['有效期与变更', [`本确认书自 ${i.validFrom} 起至 ${i.validUntil} 止有效。增加、移动设备或改变其朝向、覆盖范围、录音设置的，须重新签署确认书；未经有效确认书覆盖的设备不得接入传输。`]],
    ...extra,
    ['确认事项', zh.statements.map((s) => `□ ${s.text}`)],
  ];
}

/** The v2 template for one set of capabilities (its version names them). */
export function deviceConsentV2(caps: AnalysisCapabilities): ConsentTemplate {
  return {
    id: 'device-consent',
    version: v2Version(caps),
    capabilities: caps,
    analysis: (lang) => analysisClause(caps, lang),
    render(i, lang) {
      const t = lang === 'en' ? en : zh;
      const head =
        lang === 'en'
          ? [
              t.title,
              `Reference: ${i.ref}${i.amendsRef ? ` (amends ${i.amendsRef})` : ''}`,
              `Enforcement agency: ${i.agencyName}`,
              `Business: ${i.businessName} (unified social credit code ${i.creditCode})`,
              `Site: ${i.siteName}, ${i.siteAddress}`,
            ]
          : [
              t.title,
              `编号：${i.ref}${i.amendsRef ? `（变更 ${i.amendsRef}）` : ''}`,
              `执法机构：${i.agencyName}`,
              `行政相对人：${i.businessName}（统一社会信用代码：${i.creditCode}）`,
              `安装场所：${i.siteName}，${i.siteAddress}`,
            ];
      const body = sections(i, caps, lang).flatMap(([heading, lines], n) => [lang === 'en' ? `${n + 1}. ${heading}` : `${NUM[n]}、${heading}`, ...lines]);
      const text = [...head, ...body].map((l) => l.replace(/\r?\n/g, ' ').trimEnd()).join('\n');
      return { text, statements: t.statements };
    },
  };
}
