/**
 * What a served document's messages say (民诉法第九十条; 在线诉讼规则第三十二条): the e-mail carries
 * the document (PDF attached), its SHA-256 so the business can check what it holds, and the
 * portal link; the SMS is a short notice pointing to the portal (it carries no document, so it
 * is never service by itself).
 */
export type ServedFacts = { agencyName: string; businessName: string; documentName: string; documentNumber: string | null; sha256: string; portalUrl: string; issuedAt: Date };

const fmt = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const title = (f: ServedFacts) => `《${f.documentName}》${f.documentNumber ? `（${f.documentNumber}）` : ''}`;

export function servedEmail(f: ServedFacts, opts: { pixelUrl: string }) {
  const subject = `【电子送达】${f.agencyName}向${f.businessName}送达${title(f)}`;
  const text = [
    `${f.businessName}：`,
    '',
    `${f.agencyName}依法向你单位电子送达${title(f)}（${fmt.format(f.issuedAt)}作出），文书见本邮件附件（PDF）。`,
    `本邮件到达你单位电子邮箱所在系统之日为送达日期（《中华人民共和国民事诉讼法》第九十条第二款）。`,
    '',
    `文书 SHA-256：${f.sha256}`,
    '（可用任何 SHA-256 工具计算附件的哈希值，与上列数值一致即为本机关送达的原件。）',
    '',
    `请登录非现场监管平台查看、下载并确认签收：${f.portalUrl}`,
    '如需纸质文书，可向本机关提出。',
  ].join('\n');
  const html = `<p>${esc(f.businessName)}：</p>
<p>${esc(f.agencyName)}依法向你单位电子送达${esc(title(f))}（${esc(fmt.format(f.issuedAt))}作出），文书见本邮件附件（PDF）。本邮件到达你单位电子邮箱所在系统之日为送达日期（《中华人民共和国民事诉讼法》第九十条第二款）。</p>
<p>文书 SHA-256：<code>${esc(f.sha256)}</code></p>
<p><a href="${esc(f.portalUrl)}">登录平台查看、下载并确认签收</a></p>
<p>如需纸质文书，可向本机关提出。</p>
<img src="${esc(opts.pixelUrl)}" width="1" height="1" alt="">`;
  return { subject, text, html };
}

export function servedSms(f: ServedFacts) {
  return `【${f.agencyName}】${f.businessName}：本机关已向你单位电子送达${title(f)}，请登录平台查看并确认签收：${f.portalUrl}`;
}
