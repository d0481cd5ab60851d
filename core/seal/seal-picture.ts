/**
 * The picture of an official round seal (公章), drawn in vector: a red ring, the agency's full
 * name along the upper arc (characters upright toward the rim, narrowed as seal characters
 * are), a five-pointed star in the centre and 电子印章 below it. Semi-transparent, so the text
 * the seal is stamped over stays readable. The default diameter is 42 mm, the usual size of an
 * agency's seal.
 */
export const SEAL_RED = '#d7000f';
export const SEAL_OPACITY = 0.72;
export const DEFAULT_SEAL_DIAMETER = (42 / 25.4) * 72; // 42 mm in points

/** What pdfkit keeps as the current font (restored after drawing; it is not part of save/restore). */
type FontState = { _font: unknown; _fontSize: number; x: number; y: number };

export type SealPictureOptions = {
  /** Name under which the document registered its CJK font (api/documents/pdf-fonts.ts: ZH_BOLD). */
  font: string;
  /** Text under the star; null for none. */
  caption?: string | null;
};

export function drawSealPicture(doc: PDFKit.PDFDocument, at: { x: number; y: number; diameter: number }, agencyName: string, opts: SealPictureOptions): void {
  const name = agencyName.trim();
  if (!name) throw new Error('the seal needs the agency name');
  if (!(at.diameter > 0)) throw new Error(`seal diameter must be positive (got ${at.diameter})`);
  const state = doc as unknown as FontState;
  const before = { font: state._font, size: state._fontSize, x: state.x, y: state.y };
  const { x: cx, y: cy } = at;
  const R = at.diameter / 2;
  const ring = Math.max(0.6, at.diameter * 0.032);

  doc.save();
  doc.fillColor(SEAL_RED).strokeColor(SEAL_RED).fillOpacity(SEAL_OPACITY).strokeOpacity(SEAL_OPACITY);
  doc.font(opts.font);

  // The ring.
  doc.lineWidth(ring).circle(cx, cy, R - ring / 2).stroke();

  // The name along the upper arc, clockwise from lower left to lower right, each character's
  // foot toward the centre. The arc widens with the name, up to 250°.
  const chars = [...name];
  const size = Math.min(R * 0.3, Math.max(R * 0.17, (R * 3.1) / chars.length));
  const textRadius = R - ring - size * 0.62 - R * 0.04;
  const squeeze = chars.length > 8 ? 0.78 : 0.9; // seal characters are tall and narrow
  const step = Math.min((size * 1.12) / textRadius, (250 * Math.PI) / 180 / Math.max(1, chars.length - 1));
  const span = step * (chars.length - 1);
  doc.fontSize(size);
  chars.forEach((ch, i) => {
    const angle = -span / 2 + i * step; // from the top, clockwise
    const px = cx + textRadius * Math.sin(angle);
    const py = cy - textRadius * Math.cos(angle);
    const w = doc.widthOfString(ch);
    doc.save();
    doc.translate(px, py).rotate((angle * 180) / Math.PI).scale(squeeze, 1);
    // pdfkit places text by the top of its line box; Noto's ink sits ~0.1 em lower than centre
    doc.text(ch, -w / 2, -size * 0.62, { lineBreak: false });
    doc.restore();
  });

  // The star, a little above the centre as on a stamped seal.
  const starR = R * 0.3;
  const sy = cy - R * 0.02;
  const points: [number, number][] = [];
  for (let k = 0; k < 10; k++) {
    const r = k % 2 === 0 ? starR : starR * 0.382;
    const a = (k * Math.PI) / 5;
    points.push([cx + r * Math.sin(a), sy - r * Math.cos(a)]);
  }
  doc.polygon(...points).fill();

  // The caption below the star.
  const caption = opts.caption === undefined ? '电子印章' : opts.caption;
  if (caption) {
    const cs = R * 0.15;
    doc.fontSize(cs);
    const w = doc.widthOfString(caption);
    doc.text(caption, cx - w / 2, sy + starR + R * 0.1, { lineBreak: false });
  }
  doc.restore();

  state._font = before.font;
  state._fontSize = before.size;
  state.x = before.x;
  state.y = before.y;
}
