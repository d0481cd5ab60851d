// CenterNet ONNX inference on real footage: `npx tsx bench/detector.bench.ts`.
// Decodes 30 frames of Debian opencv-doc's vtest.avi (768×576), then runs the detector on them
// with 1 and 2 threads: model-only frames/s and per-frame time, plus what was detected; and how
// long the main thread stalls while frames are detected, in the thread against in worker threads.
import { execFileSync } from 'node:child_process';
import { createCenternetDetector, toModelInput } from '../analyzer/detectors/centernet.detector.js';
import { createDetector } from '../analyzer/detectors/detector-registry.js';
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

// The main thread while 12 frames are detected: the worst lateness of a 5 ms timer (a stall the
// frame pipes, tamper checks and database writes of every camera would feel). In the thread
// (ANALYZER_WORKERS=0: onnxruntime-node's run() blocks it) against 2 worker threads (the default
// on 2 cores), 1 model thread each.
const stallDuring = async (fn: () => Promise<unknown>) => {
  let worst = 0;
  let last = performance.now();
  const tick = setInterval(() => {
    worst = Math.max(worst, performance.now() - last);
    last = performance.now();
  }, 5);
  await fn();
  clearInterval(tick);
  return Math.max(worst, performance.now() - last); // a stall until the end counts too
};
const twelve = frames.slice(0, 12);
const inThread = createCenternetDetector({ threads: 1 });
await inThread.load();
await inThread.detect(frames[0]);
const pooled = createDetector('centernet', { threads: 1, workers: 2 });
await pooled.load();
await Promise.all([pooled.detect(frames[0]), pooled.detect(frames[1])]);
const stalls = { thread: [] as number[], workers: [] as number[] };
for (let round = 0; round < 3; round++) {
  stalls.thread.push(await stallDuring(async () => {
    for (const f of twelve) await inThread.detect(f, 0.3);
  }));
  stalls.workers.push(await stallDuring(() => Promise.all(twelve.map((f) => pooled.detect(f, 0.3)))));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`Main-thread stall while 12 frames are detected (worst 5 ms timer lateness, median of 3): in the thread ${median(stalls.thread).toFixed(0)} ms, in 2 worker threads ${median(stalls.workers).toFixed(0)} ms (aim: under half)`);
await inThread.close();
await pooled.close();
