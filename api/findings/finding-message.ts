import { FLAG_TYPE_ZH, type FlagType } from '../../core/analysis/rule-definition.js';

export type FindingFacts = {
  findingId: string;
  agencyName: string;
  businessName: string;
  siteName: string;
  siteAddress: string;
  deviceName: string;
  type: FlagType;
  ruleName: string | null;
  occurredAt: Date;
  respondBy: Date;
  portalUrl: string;
  /** The officer's answer to the business's dispute, once there is one. */
  decision?: { kind: 'accept' | 'uphold'; reply: string; decidedAt: Date } | null;
};

const fmt = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
export const zhTime = (d: Date) => fmt.format(d);

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function lines(f: FindingFacts): [string, string][] {
  return [
    ['发现事项', FLAG_TYPE_ZH[f.type] ?? f.type],
    ['场所', `${f.siteName}(${f.siteAddress})`],
    ['设备', f.deviceName],
    ['发生时间', zhTime(f.occurredAt)],
    ['依据规则', f.ruleName ?? '设备异常监测'],
    ['答复期限', `${zhTime(f.respondBy)} 前`],
  ];
}

/** The e-mail: plain text, an HTML alternative with the snapshot inline and an open pixel. */
export function findingEmail(f: FindingFacts, opts: { pixelUrl: string; snapshotCid: string | null }) {
  const subject = `【非现场监管】${f.businessName}:${FLAG_TYPE_ZH[f.type] ?? f.type},请于 ${zhTime(f.respondBy)} 前确认`;
  const intro = `${f.businessName}:\n\n${f.agencyName}通过非现场监管设备发现以下情况,经执法人员审核确认,现依法告知,请您确认或提出异议(陈述理由并可上传材料)。`;
  const text = [
    intro,
    '',
    ...lines(f).map(([k, v]) => `${k}:${v}`),
    '',
    `查看抓拍画面、证据视频并答复:${f.portalUrl}`,
    '逾期未答复的,视为未提出异议。抓拍画面见附件。',
    '',
    `${f.agencyName}`,
  ].join('\n');
  const html = [
    `<p>${esc(f.businessName)}:</p>`,
    `<p>${esc(f.agencyName)}通过非现场监管设备发现以下情况,经执法人员审核确认,现依法告知,请您确认或提出异议(陈述理由并可上传材料)。</p>`,
    '<table cellpadding="4">',
    ...lines(f).map(([k, v]) => `<tr><th align="left">${esc(k)}</th><td>${esc(v)}</td></tr>`),
    '</table>',
    opts.snapshotCid ? `<p><img src="cid:${opts.snapshotCid}" alt="抓拍画面" style="max-width:100%"></p>` : '',
    `<p><a href="${esc(f.portalUrl)}">查看抓拍画面、证据视频并答复</a></p>`,
    '<p>逾期未答复的,视为未提出异议。</p>',
    `<p>${esc(f.agencyName)}</p>`,
    `<img src="${esc(opts.pixelUrl)}" width="1" height="1" alt="">`,
  ].join('\n');
  return { subject, text, html };
}

/** The SMS: short, with the link; the portal carries the rest. */
export function findingSms(f: FindingFacts) {
  return `【非现场监管】${f.businessName}:${zhTime(f.occurredAt)} ${f.siteName}发现"${FLAG_TYPE_ZH[f.type] ?? f.type}",请于${zhTime(f.respondBy)}前确认或提出异议:${f.portalUrl}`;
}

/** What the officer decided on the dispute, in one sentence (行政处罚法 art. 45: adopted where it holds). */
function decisionSentence(f: FindingFacts): string {
  return f.decision?.kind === 'accept'
    ? '经执法人员复核,您提出的异议成立,该事项已撤销,不作为违法线索处理。'
    : '经执法人员复核,您提出的异议不成立,维持原认定。执法人员的答复如下。';
}

/** The e-mail telling the business what became of its dispute, with the officer's reply. */
export function findingDecisionEmail(f: FindingFacts, opts: { pixelUrl: string }) {
  const kind = f.decision?.kind === 'accept' ? '异议成立,事项已撤销' : '异议不成立,维持原认定';
  const subject = `【非现场监管】${f.businessName}:关于"${FLAG_TYPE_ZH[f.type] ?? f.type}"的异议复核结果(${kind})`;
  const facts = lines(f).filter(([k]) => k !== '答复期限');
  const reply = f.decision?.reply ?? '';
  const text = [
    `${f.businessName}:`,
    '',
    `您对${f.agencyName}告知的以下事项提出了异议。${decisionSentence(f)}`,
    '',
    ...facts.map(([k, v]) => `${k}:${v}`),
    '',
    `执法人员答复:${reply}`,
    '',
    `查看详情:${f.portalUrl}`,
    '',
    `${f.agencyName}`,
  ].join('\n');
  const html = [
    `<p>${esc(f.businessName)}:</p>`,
    `<p>您对${esc(f.agencyName)}告知的以下事项提出了异议。${esc(decisionSentence(f))}</p>`,
    '<table cellpadding="4">',
    ...facts.map(([k, v]) => `<tr><th align="left">${esc(k)}</th><td>${esc(v)}</td></tr>`),
    '</table>',
    `<p><strong>执法人员答复:</strong>${esc(reply)}</p>`,
    `<p><a href="${esc(f.portalUrl)}">查看详情</a></p>`,
    `<p>${esc(f.agencyName)}</p>`,
    `<img src="${esc(opts.pixelUrl)}" width="1" height="1" alt="">`,
  ].join('\n');
  return { subject, text, html };
}

/** The SMS: the outcome and the link; the portal carries the reply. */
export function findingDecisionSms(f: FindingFacts) {
  const outcome = f.decision?.kind === 'accept' ? '异议成立,该事项已撤销' : '异议不成立,维持原认定';
  return `【非现场监管】${f.businessName}:您对${zhTime(f.occurredAt)} ${f.siteName}"${FLAG_TYPE_ZH[f.type] ?? f.type}"提出的异议经复核:${outcome}。查看答复:${f.portalUrl}`;
}

/**
 * The notice's canonical text: what the business is told, without links or markup (UTF-8). Its
 * SHA-256 is the delivery's content_sha256 (every evidence event of the notice carries it), and
 * the text itself is kept in the notice's first evidence event, so the hash can be checked later
 * whatever happens to the site's name or the rule's. A decision notice adds the officer's reply.
 */
export function findingNoticeText(f: FindingFacts, purpose: 'notice' | 'decision'): string {
  const facts = purpose === 'decision' ? lines(f).filter(([k]) => k !== '答复期限') : lines(f);
  const head =
    purpose === 'decision'
      ? [`${f.businessName}:`, `您对${f.agencyName}告知的以下事项提出了异议。${decisionSentence(f)}`]
      : [`${f.businessName}:`, `${f.agencyName}通过非现场监管设备发现以下情况,经执法人员审核确认,现依法告知,请您确认或提出异议(陈述理由并可上传材料)。`];
  const tail = purpose === 'decision' ? [`执法人员答复:${f.decision?.reply ?? ''}`] : ['逾期未答复的,视为未提出异议。'];
  return [...head, ...facts.map(([k, v]) => `${k}:${v}`), ...tail, f.agencyName].join('\n');
}
