import type { DeviceSnapshot } from '../../../core/db/database.js';
import type { ConsentTemplate, ConsentTemplateInput } from '../consent-template.js';

// 设备安装确认书 v1 — seed 002 §10–§12 (placement, duties, confirmation, notice), §11/§23
// (no damaging, moving or removing devices), 002-音像 §9. Never edit a released version: add v2.
export const NUM = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

export function deviceLine(d: DeviceSnapshot, i: number, lang: 'zh-CN' | 'en'): string {
  if (lang === 'en') {
    return `(${i + 1}) ${d.name}: ${d.kind === 'camera' ? 'camera' : 'sensor'}, ${d.mobility === 'fixed' ? 'fixed' : 'mobile'}; points at: ${d.pointsAt || '—'}; covers: ${d.coverage || '—'}; records audio: ${d.recordsAudio ? 'yes' : 'no'}`;
  }
  return `（${i + 1}）${d.name}：${d.kind === 'camera' ? '摄像设备' : '传感设备'}，${d.mobility === 'fixed' ? '定点' : '移动'}；朝向：${d.pointsAt || '—'}；覆盖范围：${d.coverage || '—'}；是否录音：${d.recordsAudio ? '是' : '否'}`;
}

const zh = {
  title: '非现场监管设备安装确认书',
  statements: [
    { key: 'enforcement_basis', text: '本单位已知悉并同意：上述设备记录的内容将作为卫生健康行政执法的依据。' },
    { key: 'duties', text: '本单位承诺不故意损毁、擅自移动、拆除上述设备；设备故障、中断或确需移动时及时报告执法机构。' },
    { key: 'notice', text: '本单位同意在设备安装场所张贴公告，明示已安装非现场监管设备。' },
    { key: 'read_and_asked', text: '本单位已阅读全部条款，知悉有权就本确认书内容提出询问，并已得到解答。' },
  ],
};
const en = {
  title: 'Confirmation of installation of remote supervision devices',
  statements: [
    { key: 'enforcement_basis', text: 'We understand and agree that what these devices record will be used as a basis for health enforcement.' },
    { key: 'duties', text: 'We will not damage, move or remove these devices, and will report faults, interruptions or any needed move to the agency.' },
    { key: 'notice', text: 'We agree to post a notice at the site stating that remote supervision devices are installed.' },
    { key: 'read_and_asked', text: 'We have read every clause, know we may ask questions about this confirmation, and have had them answered.' },
  ],
};

function sections(i: ConsentTemplateInput, lang: 'zh-CN' | 'en'): [string, string[]][] {
  const devices = i.devices.map((d, n) => deviceLine(d, n, lang));
  if (lang === 'en') {
    return [
      ['Devices', devices],
      ['Purpose', [i.purpose]],
      ['What is analysed', [i.analysis]],
      ['Retention', [i.retention]],
      ['Who may view', [i.viewers]],
      ['Duties of the business', ['No one may deliberately damage, move without authorisation or remove the devices (002 §11, §23). Installation and later enforcement must not disturb normal business (002 §12).']],
      ['Rights of the business', ['The business may ask the agency about this confirmation at any time; it is notified of suspected violations found by the devices and may confirm, state its case and defend itself; it may ask to suspend or withdraw this consent, stating its reason.']],
      ['Validity and changes', [`Valid from ${i.validFrom} to ${i.validUntil}. Adding, moving or re-aiming a device needs a new signed confirmation; a device not covered by a confirmation in force does not stream.`]],
      ...(i.extraTerms.trim() ? ([['Other terms', [i.extraTerms.trim()]]] as [string, string[]][]) : []),
      ['Confirmation', en.statements.map((s) => `□ ${s.text}`)],
    ];
  }
  return [
    ['设备信息', devices],
    ['监管目的', [i.purpose]],
    ['分析内容', [i.analysis]],
    ['保存期限', [i.retention]],
    ['查阅权限', [i.viewers]],
    ['行政相对人义务', ['任何机构和个人不得故意损毁、擅自移动、拆除非现场监管设备（依据《非现场行政执法工作办法》第十一条、第二十三条）。设备安装及后续执法行为不影响本单位的正常从业活动（第十二条）。']],
    ['行政相对人权利', ['本单位可随时就本确认书内容向执法机构询问；通过设备发现违法违规行为的，执法机构将告知本单位并听取确认，本单位依法享有陈述、申辩等权利；本单位可说明理由申请暂停或撤回本同意。']],
    ['有效期与变更', [`本确认书自 ${i.validFrom} 起至 ${i.validUntil} 止有效。增加、移动设备或改变其朝向、覆盖范围、录音设置的，须重新签署确认书；未经有效确认书覆盖的设备不得接入传输。`]],
    ...(i.extraTerms.trim() ? ([['其他约定', [i.extraTerms.trim()]]] as [string, string[]][]) : []),
    ['确认事项', zh.statements.map((s) => `□ ${s.text}`)],
  ];
}

export const deviceConsentV1: ConsentTemplate = {
  id: 'device-consent',
  version: 'v1',
  capabilities: null,
  analysis: null,
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
    const body = sections(i, lang).flatMap(([heading, lines], n) => [lang === 'en' ? `${n + 1}. ${heading}` : `${NUM[n]}、${heading}`, ...lines]);
    const text = [...head, ...body].map((l) => l.replace(/\r?\n/g, ' ').trimEnd()).join('\n');
    return { text, statements: t.statements };
  },
};
