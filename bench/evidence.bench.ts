// Evidence figures: `npx tsx bench/evidence.bench.ts`.
// (1) a 30 s evidence clip cut from original 10 s FLV segments (720p, ~1 Mbps, key frame every
//     2 s, as cameras publish them; cut by the recorder's own segmenter), 7 runs;
// (2) an annotated 720p snapshot (boxes + zone drawn, JPEG encoded), 7 runs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { extractClip } from '../analyzer/evidence/clip-extractor.js';
import { renderSnapshot } from '../analyzer/evidence/snapshot.js';
import { FlvSegmenter } from '../streams/recording/flv-segmenter.js';
import { fileTags } from '../streams/recording/flv-tags.js';

const RUNS = 7;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-evidence-bench-'));
try {
  const src = path.join(dir, 'camera.flv');
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=25', '-t', '60', '-c:v', 'libx264', '-preset', 'ultrafast', '-b:v', '1M', '-pix_fmt', 'yuv420p', '-g', '50', '-f', 'flv', src]);
  const bytes = readFileSync(src);
  const T0 = Date.parse('2026-11-30T02:00:00.000Z');
  const segments: { id: string; sha256: string; file: string; startedAt: Date; endedAt: Date }[] = [];
  let parts: Buffer[] = [];
  let startMs = 0;
  const segmenter = new FlvSegmenter(
    {
      open(_seq, ms) {
        parts = [];
        startMs = ms;
      },
      write(b) {
        parts.push(Buffer.from(b));
      },
      close(seq, endMs) {
        const file = path.join(dir, `seg-${seq}.flv`);
        writeFileSync(file, Buffer.concat(parts));
        segments.push({ id: `seg-${seq}`, sha256: `seg-${seq}`, file, startedAt: new Date(T0 + startMs), endedAt: new Date(T0 + endMs) });
      },
    },
    10_000,
  );
  segmenter.push(bytes.subarray(0, 13));
  for (const { tag } of fileTags(bytes)) segmenter.push(Buffer.from(tag));
  segmenter.end();

  const clipMs: number[] = [];
  let last = { durationMs: 0, size: 0, segments: 0 };
  for (let run = 0; run < RUNS; run++) {
    const from = new Date(T0 + 13_300 + run * 700); // 30 s across four 10 s segments
    const t0 = performance.now();
    const clip = await extractClip({ segments, from, to: new Date(from.getTime() + 30_000), ffmpegPath: 'ffmpeg', workDir: dir });
    clipMs.push(performance.now() - t0);
    last = { durationMs: clip.provenance.durationMs, size: clip.provenance.outputSize, segments: clip.provenance.segments.length };
    rmSync(clip.file);
  }
  console.log(`clip, 30 s window from ${last.segments} × 10 s 720p segments → ${(last.durationMs / 1000).toFixed(2)} s MP4, ${(last.size / 1e6).toFixed(2)} MB: median ${pct(clipMs, 50).toFixed(0)} ms, max ${Math.max(...clipMs).toFixed(0)} ms (${RUNS} runs)`);

  const W = 1280;
  const H = 720;
  const rgb = new Uint8Array(execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', src, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], { maxBuffer: 16 * 1024 * 1024 }));
  const boxes = [
    { label: 'person', score: 0.91, box: [0.1, 0.2, 0.3, 0.9] as [number, number, number, number] },
    { label: 'dog', score: 0.62, box: [0.5, 0.5, 0.8, 0.95] as [number, number, number, number] },
  ];
  const zone: [number, number][] = [[0.05, 0.1], [0.6, 0.1], [0.7, 0.9], [0.05, 0.95]];
  const snapMs: number[] = [];
  let size = 0;
  for (let run = 0; run < RUNS; run++) {
    const t0 = performance.now();
    size = (await renderSnapshot({ width: W, height: H, rgb }, { boxes, zone })).length;
    snapMs.push(performance.now() - t0);
  }
  console.log(`snapshot, ${W}×${H} with 2 boxes + zone → ${(size / 1024).toFixed(0)} KB JPEG: median ${pct(snapMs, 50).toFixed(0)} ms, max ${Math.max(...snapMs).toFixed(0)} ms (${RUNS} runs)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
