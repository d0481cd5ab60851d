import { describe, expect, it } from 'vitest';
import { createCjkPdf, ZH, ZH_BOLD } from '../../api/documents/pdf-fonts.js';
import { drawSealPicture } from '../../core/seal/seal-picture.js';
import { poppler, renderPage } from '../support/seal-pdf.js';

// Issue 13 item 5: the seal's picture, drawn in vector: a red ring, the name along the rim, a
// star; semi-transparent, so the text it is stamped over stays readable. Checked on pixels
// that poppler renders (100 dpi).
const DPI = 100;
const px = (pt: number) => (pt * DPI) / 72;
const SEAL = { x: 300, y: 330, diameter: 119 };
const NAME = '金华市婺城区卫生健康局';

async function sealedPage() {
  const { doc, finish } = createCjkPdf({ title: '印章', author: 'test', subject: 'seal' });
  doc.font(ZH).fontSize(11);
  // Text lines crossing the upper half of the seal; its lower half lies on blank paper.
  for (let y = 250; y < 320; y += 16) doc.text('本机关依法作出如下行政处罚决定：罚款人民币贰万元整。本决定书自送达之日起生效。', 50, y, { lineBreak: false });
  const before = { x: doc.x, y: doc.y, size: (doc as unknown as { _fontSize: number })._fontSize };
  drawSealPicture(doc, SEAL, NAME, { font: ZH_BOLD });
  const after = { x: doc.x, y: doc.y, size: (doc as unknown as { _fontSize: number })._fontSize };
  return { pdf: await finish(), before, after };
}

const isSealRed = ([r, g, b]: number[]) => r > 150 && r - g > 70 && r - b > 70;

describe('the seal picture', () => {
  it('a red ring around the centre, a red star in it, nothing red outside', async () => {
    const { pdf } = await sealedPage();
    const page = await renderPage(pdf, 1, DPI);
    const R = SEAL.diameter / 2;
    const ringMid = R - (SEAL.diameter * 0.032) / 2;
    const at = (r: number, deg: number) => page.rgb(px(SEAL.x + r * Math.sin((deg * Math.PI) / 180)), px(SEAL.y - r * Math.cos((deg * Math.PI) / 180)));
    const angles = Array.from({ length: 72 }, (_, i) => i * 5);
    const ring = angles.map((a) => at(ringMid, a));
    expect(ring.filter(isSealRed).length).toBeGreaterThanOrEqual(68); // a closed ring (text under it darkens a few samples)
    const outside = angles.map((a) => at(R + 4, a));
    expect(outside.filter(isSealRed)).toEqual([]);
    // The star's centre, and the name's characters on the upper rim (between ring and star).
    expect(isSealRed(page.rgb(px(SEAL.x), px(SEAL.y - R * 0.02)))).toBe(true);
    const rim = [];
    for (let deg = -120; deg <= 120; deg += 2) for (let r = R * 0.55; r < R * 0.85; r += 1) rim.push(at(r, deg));
    expect(rim.filter(isSealRed).length).toBeGreaterThan(rim.length * 0.15);
    // Semi-transparent: on blank paper (the lower arc) the ring is red mixed with the paper's white,
    // not solid red (an opaque #d7000f would leave green ≈ 0).
    const lower = angles.filter((a) => a >= 150 && a <= 210).map((a) => at(ringMid, a));
    for (const [r, g, b] of lower) {
      expect(r).toBeGreaterThan(200);
      expect(g).toBeGreaterThan(40); // the paper shows through (about 28% of it)
      expect(g).toBeLessThan(130);
      expect(b).toBeLessThan(140);
    }
  });

  it('the text under the seal is still text, and the page goes on where it was', async () => {
    const { pdf, before, after } = await sealedPage();
    const text = await poppler('pdftotext', pdf);
    expect(text).toContain('罚款人民币贰万元整');
    expect(text).toContain('电子印章');
    expect(after).toEqual(before);
  });
});
