import type { AgencySeal } from '../../core/seal/agency-seal.js';
import { ZH } from './pdf-fonts.js';

const RED = '#c00000';

/**
 * A stand-in for the agency's electronic seal until the real one (core/seal, its own issue) is
 * wired in api/app.ts: it draws a dashed circle plainly marked 电子印章 未启用 — never anything
 * that could pass for a seal — and signs nothing (the PDF is returned as it is).
 */
export function createUnsignedSeal(): AgencySeal {
  const seal: AgencySeal = {
    prepare() {},
    sign: (pdf) => Promise.resolve(pdf),
    draw(doc, at) {
      const r = at.diameter / 2;
      doc.save().circle(at.x, at.y, r - 2).lineWidth(1.2).dash(4, { space: 3 }).strokeColor(RED).stroke().undash().restore();
      // The words at the rim, clear of the agency's name and date the seal sits on.
      doc.font(ZH).fontSize(10).fillColor(RED).text('电子印章', at.x - r, at.y - r + 12, { width: at.diameter, align: 'center', lineBreak: false });
      doc.font(ZH).fontSize(8.5).text('未启用 · 未加盖', at.x - r, at.y + r - 24, { width: at.diameter, align: 'center', lineBreak: false });
      doc.fillColor('#000000');
    },
    certificate: () => Promise.reject(new Error('no electronic seal is configured: the placeholder seal has no certificate')),
  };
  UNSIGNED.add(seal);
  return seal;
}

const UNSIGNED = new WeakSet<AgencySeal>();

/** Whether a seal is the placeholder: documents drawn with it are recorded as not sealed. */
export function isUnsignedSeal(seal: AgencySeal): boolean {
  return UNSIGNED.has(seal);
}
