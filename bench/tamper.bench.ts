// Tamper monitor cost on real footage: `npx tsx bench/tamper.bench.ts`.
// Decodes 40 frames of Debian opencv-doc's vtest.avi (768×576) at 2 frames/s, then times toGray
// alone (768×576 and a 1280×720 upscale of the same frames) and the monitor's feed() per frame.
import { execFileSync } from 'node:child_process';
import type { Frame } from '../analyzer/detectors/detector.js';
import { toGray } from '../analyzer/tamper/luma.js';
import { createTamperMonitor } from '../analyzer/tamper/tamper-monitor.js';

const VTEST = '/usr/share/doc/opencv-doc/examples/data/vtest.avi';
const N = 40;
function decode(w: number, h: number): Frame[] {
  const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', VTEST, '-vf', `fps=2,scale=${w}:${h}`, '-frames:v', String(N), '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: 1 << 28 });
  const size = w * h * 3;
  return Array.from({ length: Math.floor(raw.length / size) }, (_, i) => ({ width: w, height: h, rgb: new Uint8Array(raw.buffer, raw.byteOffset + i * size, size) }));
}
const time = (frames: Frame[], fn: (f: Frame, i: number) => unknown, rounds = 5): number => {
  for (const f of frames) fn(f, 0); // warm-up
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) frames.forEach(fn);
  return (performance.now() - t0) / (rounds * frames.length);
};
for (const [w, h] of [[768, 576], [1280, 720]] as const) {
  const frames = decode(w, h);
  const gray = time(frames, (f) => toGray(f));
  let ms = 0;
  const mon = createTamperMonitor({});
  const feed = time(frames, (f) => mon.feed((ms += 500), f));
  console.log(`${w}×${h}: toGray ${gray.toFixed(2)} ms/frame, feed() ${feed.toFixed(2)} ms/frame (toGray + metrics + similarity; reference learned: ${mon.reference() !== null}; active: [${mon.active().join(', ')}])`);
}
