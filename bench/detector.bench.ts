// CenterNet ONNX inference on real footage: `npx tsx bench/detector.bench.ts`.
// Decodes 30 frames of Debian opencv-doc's vtest.avi (768×576), then runs the detector on them
// with 1 and 2 threads: model-only frames/s and per-frame time, plus what was detected.
import { execFileSync } from 'node:child_process';
import { createCenternetDetector, toModelInput } from '../analyzer/detectors/centernet.detector.js';
import type { Frame } from '../analyzer/detectors/detector.js';

const VTEST = '/usr/share/doc/opencv-doc/examples/data/vtest.avi';
const N = 30;
const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', VTEST, '-vf', 'fps=2', '-frames:v', String(N), '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: 1 << 28 });
const size = 768 * 576 * 3;
const frames: Frame[] = Array.from({ length: Math.floor(raw.length / size) }, (_, i) => ({ width: 768, height: 576, rgb: new Uint8Array(raw.buffer, raw.byteOffset + i * size, size) }));
let t0 = performance.now();
for (const f of frames) toModelInput(f);
const resizeMs = (performance.now() - t0) / frames.length;
for (const threads of [1, 2]) {
  const d = createCenternetDetector({ threads });
  await d.load();
  await d.detect(frames[0]); // warm-up
  t0 = performance.now();
  let people = 0;
  for (const f of frames) people += (await d.detect(f, 0.3)).filter((x) => x.label === 'person').length;
  const ms = (performance.now() - t0) / frames.length;
  console.log(`CenterNet 512, ${threads} thread(s): ${ms.toFixed(1)} ms/frame (${(1000 / ms).toFixed(1)} frames/s) incl. resize ${resizeMs.toFixed(1)} ms + decode; ${(people / frames.length).toFixed(1)} persons/frame on vtest.avi`);
  await d.close();
}
