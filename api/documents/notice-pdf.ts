import type { NoticePdfInput, PdfDevice, PdfLang } from './documents.types.js';
import { createCjkPdf, ZH, ZH_BOLD } from './pdf-fonts.js';
import { drawVerifyBlock, verifyQrPng } from './verify-qr.js';

const TITLE = '非现场监管公告';
const RED = '#b00000';

const LABELS = {
  'zh-CN': {
    subtitle: '',
    installed: '本场所已安装非现场监管设备',
    business: '单位名称',
    site: '场所',
    address: '地址',
    devices: '设备清单',
    columns: ['序号', '设备名称', '类型', '朝向 / 覆盖范围', '录音'],
    kind: (d: PdfDevice) => `${d.kind === 'camera' ? '摄像' : '传感'}·${d.mobility === 'fixed' ? '定点' : '移动'}`,
    audio: (yes: boolean) => (yes ? '是' : '否'),
    purpose: '监管目的',
    retention: '保存期限',
    viewers: '查阅权限',
    validity: '有效期',
    until: '至',
    duty: '任何单位和个人不得故意损毁、擅自移动、拆除非现场监管设备。',
    agency: '执法机构',
    contact: '联系方式',
    verify: '扫码核验本公告 / Verify this notice',
    ref: '编号',
  },
  en: {
    subtitle: 'Notice of remote supervision',
    installed: 'Remote supervision devices are installed at this site',
    business: 'Business',
    site: 'Site',
    address: 'Address',
    devices: 'Devices',
    columns: ['No.', 'Device', 'Type', 'Points at / covers', 'Audio'],
    kind: (d: PdfDevice) => `${d.kind}, ${d.mobility}`,
    audio: (yes: boolean) => (yes ? 'yes' : 'no'),
    purpose: 'Purpose',
    retention: 'Retention',
    viewers: 'Who may view',
    validity: 'Valid',
    until: 'to',
    duty: '任何单位和个人不得故意损毁、擅自移动、拆除非现场监管设备。\nNo one may deliberately damage, move or remove the supervision devices.',
    agency: 'Agency',
    contact: 'Contact',
    verify: '扫码核验本公告 / Verify this notice',
    ref: 'Ref',
  },
} satisfies Record<PdfLang, unknown>;
type Labels = (typeof LABELS)[PdfLang];

/** Relative column widths of the device table. */
const COLUMNS = [0.07, 0.25, 0.14, 0.44, 0.1];

/**
 * The site notice (公告) to print and post where the devices are (seed 002 §12): one A4 poster
 * naming the business and site, each device (what it points at and covers, whether it records
 * audio), the purpose, retention, who may view, the validity, the duty not to damage the devices
 * (002 §11), the agency and its contact, and a QR code of the verify URL with the ref.
 */
export async function renderNoticePdf(input: NoticePdfInput): Promise<Buffer> {
  const t = LABELS[input.lang ?? 'zh-CN'];
  const qr = await verifyQrPng(input.verifyUrl);
  const { doc, finish } = createCjkPdf({ title: TITLE, author: input.agencyName, subject: input.ref });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;

  doc.rect(left, 44, width, 5).fill(RED);
  doc.font(ZH_BOLD).fontSize(36).fillColor(RED).text(TITLE, left, 64, { width, align: 'center', characterSpacing: 4 });
  if (t.subtitle) doc.font(ZH).fontSize(13).text(t.subtitle, left, doc.y, { width, align: 'center' });
  doc.font(ZH_BOLD).fontSize(17).fillColor('#000000').text(t.installed, left, doc.y + 10, { width, align: 'center' });
  doc.y += 16;

  doc.font(ZH_BOLD).fontSize(11);
  const labelW = Math.max(...[t.business, t.site, t.address, t.purpose, t.retention, t.viewers, t.validity, t.agency, t.contact].map((k) => doc.widthOfString(`${k}：`))) + 12;
  const field = (k: string, v: string) => {
    doc.font(ZH).fontSize(11);
    const h = doc.heightOfString(v || '—', { width: width - labelW, lineGap: 2 });
    if (doc.y + h > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const y = doc.y;
    doc.font(ZH_BOLD).text(`${k}：`, left, y, { width: labelW, lineBreak: false });
    doc.font(ZH).text(v || '—', left + labelW, y, { width: width - labelW, lineGap: 2 });
    doc.y += 4;
  };
  field(t.business, input.businessName);
  field(t.site, input.siteName);
  field(t.address, input.siteAddress);

  doc.font(ZH_BOLD).fontSize(12).text(t.devices, left, doc.y + 6, { width });
  deviceTable(doc, input.devices, t, left, width);
  doc.y += 8;
  field(t.purpose, input.purpose);
  field(t.retention, input.retention);
  field(t.viewers, input.viewers);
  field(t.validity, `${input.validFrom} ${t.until} ${input.validUntil}`);

  doc.font(ZH_BOLD).fontSize(14);
  const dutyH = doc.heightOfString(t.duty, { width: width - 24, align: 'center' }) + 20;
  if (doc.y + 10 + dutyH > doc.page.height - doc.page.margins.bottom) doc.addPage();
  const dutyTop = doc.y + 10;
  doc.rect(left, dutyTop, width, dutyH).lineWidth(1.5).strokeColor(RED).stroke();
  doc.fillColor(RED).text(t.duty, left + 12, dutyTop + 10, { width: width - 24, align: 'center' });
  doc.fillColor('#000000');
  doc.y = dutyTop + dutyH + 12;
  field(t.agency, input.agencyName);
  if (input.contact.trim()) field(t.contact, input.contact);

  drawVerifyBlock(doc, { png: qr, x: left, width, at: 'bottom', size: 96, caption: t.verify, lines: [`${t.ref}：${input.ref}`], url: input.verifyUrl });
  footer(doc, input.ref);
  return finish();
}

/** Devices as a ruled table; a row never splits, and the header repeats on a new page. */
function deviceTable(doc: PDFKit.PDFDocument, devices: PdfDevice[], t: Labels, left: number, width: number) {
  const widths = COLUMNS.map((c) => c * width);
  const xs = widths.map((_, i) => left + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const compact = devices.length > 8; // smaller rows keep up to ~15 devices on the one page
  const pad = compact ? 3 : 4;
  const size = compact ? 9 : 10.5;
  const row = (cells: string[], header: boolean) => {
    const setFont = () => doc.font(header ? ZH_BOLD : ZH).fontSize(header ? Math.min(size, 10) : size);
    setFont();
    const h = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: widths[i] - 2 * pad }))) + 2 * pad;
    if (doc.y + h > doc.page.height - doc.page.margins.bottom) {
      doc.addPage();
      if (!header) row(t.columns, true);
      setFont();
    }
    const y = doc.y;
    if (header) doc.rect(left, y, width, h).fill('#eeeeee');
    doc.fillColor('#000000');
    cells.forEach((c, i) => doc.text(c, xs[i] + pad, y + pad, { width: widths[i] - 2 * pad, align: i === 0 || i === 4 ? 'center' : 'left' }));
    doc.rect(left, y, width, h).lineWidth(0.6).strokeColor('#777777').stroke();
    xs.slice(1).forEach((x) => doc.moveTo(x, y).lineTo(x, y + h).stroke());
    doc.x = left;
    doc.y = y + h;
  };
  doc.y += 4;
  row(t.columns, true);
  devices.forEach((d, i) => row([String(i + 1), d.name, t.kind(d), [d.pointsAt, d.coverage].filter((s) => s.trim()).join(' / ') || '—', t.audio(d.recordsAudio)], false));
  if (devices.length === 0) row(['—', '—', '—', '—', '—'], false);
}

/** The ref and page count at the foot of each page (a long device list can need two). */
function footer(doc: PDFKit.PDFDocument, ref: string) {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const { margins, width: W, height: H } = doc.page;
    const bottom = margins.bottom;
    margins.bottom = 0; // writing in the margin must not start a new page
    const label = range.count > 1 ? `${ref}  ·  ${i - range.start + 1}/${range.count}` : ref;
    doc.font(ZH).fontSize(8).fillColor('#666666').text(label, margins.left, H - 34, { width: W - margins.left - margins.right, align: 'right', lineBreak: false });
    margins.bottom = bottom;
  }
  doc.fillColor('#000000');
}
