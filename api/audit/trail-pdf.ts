import { RECORD_KINDS, type RecordKind } from '../../core/records/record-ref.js';
import { beijingTime } from '../../core/watermark/watermark-text.js';
import { createCjkPdf, ZH, ZH_BOLD } from '../documents/pdf-fonts.js';
import type { TrailEvent, TrailEventKind } from './record-trail.repository.js';

const EVENT_ZH: Record<TrailEventKind, string> = {
  created: '生成', changed: '变更', viewed: '查看', played: '播放', live: '实时查看', downloaded: '下载', exported: '导出',
  printed: '打印轨迹', refused: '拒绝访问', retention: '保存期限变更', held: '留存(冻结)', purged: '删除',
};
const ROLE_ZH: Record<string, string> = { officer: '执法人员', legal_reviewer: '法制审核', manager: '负责人', archivist: '档案管理', auditor: '审计', admin: '管理员', business: '单位用户' };
const KIND_ZH: Record<RecordKind, string> = {
  segment: '录像片段', recording: '设备录像', live: '实时画面', flag_clip: '告警视频', flag_snapshot: '告警截图', device_picture: '设备画面', finding_attachment: '整改附件',
  document_pdf: '执法文书', party_file: '当事人材料', payment_receipt: '缴款凭证', case_file: '案卷', delivery_pdf: '送达文书', consent_file: '同意书', consent_attachment: '同意书附件',
  service_address_confirmation: '送达地址确认书', mobile_recording: '移动执法录像',
  self_report_photo: '自查报告照片',
};

/** Column widths (fractions of the text width): time, event, who, ip, grant, ledger, detail. */
const COLUMNS = [0.15, 0.18, 0.17, 0.1, 0.1, 0.12, 0.18];
const HEAD = ['时间(北京时间)', '事件', '操作人', 'IP', '调用单', '存证', '说明'];

export type TrailPdfInput = {
  record: { kind: RecordKind; id: string; sha256: string | null };
  ownerName: string | null;
  events: TrailEvent[];
  printedBy: { name: string; account: string; role: string };
  printedAt: Date;
};

/**
 * A record's full trail (记录访问轨迹; issue 15 item 6, R12; 002-音像 §28–§31 on the use and
 * audit of audio-visual records) on A4, in the platform's CJK fonts: a header naming the record,
 * its SHA-256, who printed it and when; then every event in time order with its actor, time,
 * address, grant (调用单) and ledger entry (id and leaf hash once sealed).
 */
export async function renderTrailPdf(input: TrailPdfInput): Promise<Buffer> {
  const title = '记录访问轨迹';
  const { doc, finish } = createCjkPdf({ title, author: input.printedBy.name, subject: `${input.record.kind} ${input.record.id}`, createdAt: input.printedAt });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = doc.page.height - doc.page.margins.bottom;

  doc.font(ZH_BOLD).fontSize(18).text(`${title} / Record audit trail`, left, 50, { width, align: 'center' });
  doc.moveDown(0.6);
  const field = (k: string, v: string) => {
    doc.font(ZH_BOLD).fontSize(9.5).text(`${k}：`, left, doc.y, { continued: true }).font(ZH).text(v, { width });
  };
  field('记录', `${KIND_ZH[input.record.kind]}(${input.record.kind}) ${input.record.id}`);
  field('记录说明', RECORD_KINDS[input.record.kind]);
  field('SHA-256', input.record.sha256 ?? '(未知)');
  if (input.ownerName) field('所属', input.ownerName);
  field('打印人', `${input.printedBy.name}(${input.printedBy.account},${ROLE_ZH[input.printedBy.role] ?? input.printedBy.role})`);
  field('打印时间', `${beijingTime(input.printedAt)}(北京时间)`);
  field('事件数', String(input.events.length));
  doc.moveDown(0.5);

  const xs = COLUMNS.map((_, i) => left + COLUMNS.slice(0, i).reduce((a, w) => a + w, 0) * width);
  const drawRow = (cells: string[], bold: boolean): void => {
    doc.font(bold ? ZH_BOLD : ZH).fontSize(8);
    const h = Math.max(...cells.map((c, i) => doc.heightOfString(c || '—', { width: COLUMNS[i] * width - 4 }))) + 6;
    if (doc.y + h > bottom) {
      doc.addPage();
      doc.y = doc.page.margins.top;
      if (!bold) drawRow(HEAD, true); // the column heads again on each page
    }
    const y = doc.y;
    if (bold) doc.rect(left, y, width, h).fill('#eeeeee').fillColor('#000000');
    cells.forEach((c, i) => doc.font(bold ? ZH_BOLD : ZH).fontSize(8).text(c || '—', xs[i] + 2, y + 3, { width: COLUMNS[i] * width - 4 }));
    doc.moveTo(left, y + h).lineTo(left + width, y + h).lineWidth(0.3).stroke('#999999');
    doc.x = left;
    doc.y = y + h;
  };
  drawRow(HEAD, true);
  for (const e of input.events) {
    const who = e.actor.type === 'system' || e.actor.type === 'device' ? `${e.actor.type === 'system' ? '系统' : '设备'}${e.actor.id ? `(${e.actor.id})` : ''}` : e.actor.name ? `${e.actor.name}${e.actor.role ? `(${ROLE_ZH[e.actor.role] ?? e.actor.role})` : ''}` : '—';
    const ledger = e.ledger ? `#${e.ledger.id}${e.ledger.hash ? ` ${e.ledger.hash.slice(0, 16)}…` : ''}` : e.source === 'deletion' ? '签名删除记录' : '';
    drawRow([beijingTime(e.at), `${EVENT_ZH[e.event]}\n${e.action}`, who, e.ip ?? '', e.grantId ?? '', ledger, e.detail ?? ''], false);
  }
  // Page numbers on every page (pages are buffered).
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Below the bottom margin: without this pdfkit would start a new page for the footer.
    doc.page.margins.bottom = 0;
    doc.font(ZH).fontSize(8).fillColor('#666666').text(`${input.record.kind} ${input.record.id} · 第 ${i + 1} / ${range.count} 页`, left, doc.page.height - 35, { width, align: 'center', lineBreak: false });
  }
  return finish();
}
