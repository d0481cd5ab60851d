// Watermarking a clip on export, approach by approach (issue 15 item 3; aim: 60 s of 720p in ≤ 3 s on 2 cores):
//   npx tsx bench/watermark-clip.bench.ts [seconds=60] [runs=1]
// Makes a 1280x720 25 fps H.264 clip of ffmpeg's testsrc2 with noise over it (so it does not
// compress to nothing; 2 Mbps, a key frame every second, with sound, as a camera sends it; made
// here, not timed, never committed), then times: what ffmpeg needs at the least (decoding alone;
// decoding and encoding with no watermark), the old burn (drawtext of tiles + caption on every
// frame), and the platform's burn (core/watermark burnVideo: the watermark drawn once on a
// transparent picture and overlaid) with other encoder settings. Prints each median
// wall time, the CPU seconds ffmpeg used (what 2 idle cores would need at least half of), and `uptime`.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { cjkFontDir, CJK_REGULAR_FILE } from '../api/documents/pdf-fonts.js';
import { burnVideo, CLIP_ENCODER, watermarkFilter } from '../core/watermark/burn-media.js';
import { newExportId, tilePattern, watermarkText } from '../core/watermark/watermark-text.js';

const run = promisify(execFile);
const seconds = Number(process.argv[2] ?? 60);
const runs = Number(process.argv[3] ?? 1);
const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-wmclip-bench-'));
const fontFile = path.join(cjkFontDir(), CJK_REGULAR_FILE);
const mark = () => watermarkText({ viewerName: '王晓明', account: 'officer.wc', at: new Date(), reference: { kind: 'case', value: '婺卫医罚〔2026〕12号' }, exportId: newExportId() });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const uptime = () => execFileSync('uptime').toString().trim();
/** CPU seconds (user + system) of the finished child processes (ffmpeg): load hardly changes it, unlike the wall time. */
function childCpu(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100; // cutime, cstime (fields 16, 17), in USER_HZ = 100
}

async function time(label: string, fn: (out: string) => Promise<unknown>) {
  const times: number[] = [];
  const cpu: number[] = [];
  let size = 0;
  for (let i = 0; i < runs; i++) {
    const out = path.join(dir, `out-${i}.mp4`);
    const t0 = process.hrtime.bigint();
    const c0 = childCpu();
    await fn(out);
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
    cpu.push(childCpu() - c0);
    try {
      size = statSync(out).size;
    } catch {
      size = 0;
    }
    rmSync(out, { force: true });
  }
  console.log(`${label.padEnd(58)} ${median(times).toFixed(2).padStart(6)} s wall, ${median(cpu).toFixed(2).padStart(6)} s CPU${size ? `  copy ${(size / 1e6).toFixed(1)} MB` : ''}   [${times.map((t) => t.toFixed(2)).join(', ')}]`);
}

try {
  const clip = path.join(dir, 'clip.mp4');
  await run('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440', '-filter_complex', '[0:v]noise=alls=12:allf=t+u[v]', '-map', '[v]', '-map', '1:a', '-t', String(seconds), '-c:v', 'libx264', '-preset', 'veryfast', '-b:v', '2M', '-g', '25', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-movflags', '+faststart', clip]);
  console.log(`clip: ${seconds} s 1280x720@25 + noise, with audio, ${(statSync(clip).size / 1e6).toFixed(1)} MB; ${os.cpus().length} cores; runs ${runs}`);
  console.log(`before: ${uptime()}`);

  await time('floor: decode only', () => run('ffmpeg', ['-v', 'error', '-i', clip, '-map', '0:v', '-f', 'null', '-']));
  await time('floor: decode + x264 ultrafast crf 23, no watermark', (out) => run('ffmpeg', ['-v', 'error', '-i', clip, '-map', '0:v', '-map', '0:a', ...CLIP_ENCODER, '-c:a', 'copy', out]));

  // The burn as it was: drawtext (freetype) of the tiles and the caption on every frame.
  const old = path.join(dir, 'old');
  rmSync(old, { recursive: true, force: true });
  execFileSync('mkdir', ['-p', old]);
  symlinkSync(fontFile, path.join(old, 'font.otf'));
  await time('old: drawtext tiles + caption per frame, ultrafast crf 23', (out) => {
    const w = mark();
    writeFileSync(path.join(old, 'tiles.txt'), tilePattern(w.text));
    writeFileSync(path.join(old, 'caption.txt'), w.lines.join('\n'));
    return run('ffmpeg', ['-v', 'error', '-i', clip, '-map', '0:v:0', '-map', '0:a?', '-vf', watermarkFilter(old), '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '23', '-maxrate', '4M', '-bufsize', '8M', '-pix_fmt', 'yuv420p', '-c:a', 'copy', '-movflags', '+faststart', '-f', 'mp4', out]);
  });

  const variants: [string, readonly string[]][] = [
    ['new: layer drawn once + overlay, ultrafast crf 23 (platform)', CLIP_ENCODER],
    ['new + -tune zerolatency (sliced threads)', [...CLIP_ENCODER, '-tune', 'zerolatency']],
    ['new + x264 -threads 2', [...CLIP_ENCODER, '-threads', '2']],
    ['new + crf 26', CLIP_ENCODER.map((a) => (a === '23' ? '26' : a))],
    ['new + -tune fastdecode', [...CLIP_ENCODER, '-tune', 'fastdecode']],
  ];
  for (const [label, encoder] of variants) await time(label, (out) => burnVideo({ input: clip, output: out, watermark: mark(), fontFile, encoder }));
  console.log(`after: ${uptime()}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
