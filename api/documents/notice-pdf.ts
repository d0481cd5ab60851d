import { A4_MARGIN, newPdf, stampPages, ZH, ZH_BOLD } from './pdf-base.js';
import type { NoticePdfInput } from './documents.types.js';
import { verifyQrPng } from './verify-qr.js';

/** The site notice (公告) to print and post where the devices are (002 §12). One A4 page. */
export async function renderNoticePdf(input: NoticePdfInput): Promise<Buffer> {
  const en = input.lang === 'en';
  const qr = await verifyQrPng(input.verifyUrl);
  const { doc, finish } = newPdf({ title: en ? 'Notice of remote supervision' : '非现场监管公告', author: input.agencyName, subject: input.ref });
  const width = doc.page.width - 2 * A4_MARGIN;
  doc.font(ZH_BOLD).fontSize(30).text(en ? 'Notice of remote supervision' : '非现场监管公告', { align: 'center' }).moveDown(0.6);
  doc.font(ZH_BOLD).fontSize(14).text(en ? 'Remote supervision devices are installed at this site.' : '本场所已安装非现场监管设备', { align: 'center' }).moveDown(0.8);
  doc.font(ZH).fontSize(11);
  const line = (k: string, v: string) => doc.font(ZH_BOLD).text(`${k}：`, { continued: true }).font(ZH).text(v, { width });
  line(en ? 'Business' : '单位', input.businessName);
  line(en ? 'Site' : '场所', `${input.siteName}（${input.siteAddress}）`);
  doc.moveDown(0.4).font(ZH_BOLD).text(en ? 'Devices' : '设备');
  doc.font(ZH).fontSize(10);
  input.devices.forEach((d, i) => {
    const kind = en ? (d.kind === 'camera' ? 'camera' : 'sensor') : d.kind === 'camera' ? '摄像设备' : '传感设备';
    const audio = en ? `audio: ${d.recordsAudio ? 'yes' : 'no'}` : `录音：${d.recordsAudio ? '是' : '否'}`;
    const where = [d.pointsAt, d.coverage].filter(Boolean).join(en ? '; ' : '；') || '—';
    doc.text(`${i + 1}. ${d.name}（${kind}）${where}；${audio}`, { width, indent: 10 });
  });
  doc.moveDown(0.4).fontSize(11);
  line(en ? 'Purpose' : '监管目的', input.purpose);
  line(en ? 'Retention' : '保存期限', input.retention);
  line(en ? 'Who may view' : '查阅权限', input.viewers);
  line(en ? 'Valid' : '有效期', `${input.validFrom} — ${input.validUntil}`);
  doc.moveDown(0.8).font(ZH_BOLD).fontSize(13).fillColor('#a00000');
  doc.text(en ? 'No one may deliberately damage, move or remove the supervision devices.' : '任何单位和个人不得故意损毁、擅自移动、拆除非现场监管设备。', { width, align: 'center' });
  doc.fillColor('#000000').moveDown(0.8).font(ZH).fontSize(11);
  line(en ? 'Agency' : '执法机构', input.agencyName);
  if (input.contact) line(en ? 'Contact' : '联系方式', input.contact);
  const y = Math.max(doc.y + 16, doc.page.height - doc.page.margins.bottom - 130);
  doc.image(qr, A4_MARGIN, y, { width: 100, height: 100 });
  doc.fontSize(10).text(en ? 'Scan to verify this notice' : '扫码核验本公告', A4_MARGIN + 115, y + 20, { width: width - 115 });
  doc.fontSize(8).fillColor('#333333').text(`${en ? 'Ref' : '编号'}：${input.ref}`, A4_MARGIN + 115, doc.y + 4, { width: width - 115 });
  doc.text(input.verifyUrl, A4_MARGIN + 115, doc.y + 2, { width: width - 115 });
  doc.fillColor('#000000');
  stampPages(doc, input.agencyName, input.ref, en ? 'en' : 'zh-CN', null);
  return finish();
}
