import { COCO_LABELS } from '../../models/centernet/coco-labels.js';
import type { Detection } from './detector.js';

/**
 * CenterNet decode (FACTS.md): a 3×3 max-peak over the score map (NHWC [128,128,80]), the top
 * `k` peaks above `minScore`, box = (x·4 − wh0, y·4 − wh1, x·4 + wh2, y·4 + wh3) in the 512×512
 * input, scaled to the frame.
 */
export function decodeCenternet(scores: Float32Array, wh: Float32Array, opts: { size?: number; classes?: number; stride?: number; k?: number; minScore: number; frameWidth: number; frameHeight: number }): Detection[] {
  const size = opts.size ?? 128;
  const classes = opts.classes ?? 80;
  const stride = opts.stride ?? 4;
  const peaks: { score: number; y: number; x: number; c: number }[] = [];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const base = (y * size + x) * classes;
      for (let c = 0; c < classes; c++) {
        const s = scores[base + c];
        if (s < opts.minScore) continue;
        let peak = true;
        for (let dy = -1; dy <= 1 && peak; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            if (!dy && !dx) continue;
            const yy = y + dy;
            const xx = x + dx;
            if (yy < 0 || xx < 0 || yy >= size || xx >= size) continue;
            if (scores[(yy * size + xx) * classes + c] > s) {
              peak = false;
              break;
            }
          }
        }
        if (peak) peaks.push({ score: s, y, x, c });
      }
    }
  }
  peaks.sort((a, b) => b.score - a.score);
  const input = size * stride;
  const sx = opts.frameWidth / input;
  const sy = opts.frameHeight / input;
  return peaks.slice(0, opts.k ?? 100).map((p) => {
    const w = (p.y * size + p.x) * 4;
    const cx = p.x * stride;
    const cy = p.y * stride;
    const clamp = (v: number, max: number) => Math.max(0, Math.min(max, v));
    return {
      label: COCO_LABELS[p.c] ?? `class_${p.c}`,
      score: p.score,
      box: [clamp((cx - wh[w]) * sx, opts.frameWidth), clamp((cy - wh[w + 1]) * sy, opts.frameHeight), clamp((cx + wh[w + 2]) * sx, opts.frameWidth), clamp((cy + wh[w + 3]) * sy, opts.frameHeight)],
    };
  });
}
