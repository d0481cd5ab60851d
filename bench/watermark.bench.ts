// Watermarking on export (issue 15 item 3): `npx tsx bench/watermark.bench.ts [seconds=60] [runs=3]`.
// Makes a 720p25 clip of ffmpeg's test pattern with sound (libx264, 2 Mbps, a key frame every
// second, as a camera sends it; not timed), then burns the export watermark into it `runs` times
// with the platform's path (core/watermark: tiles + caption drawn once on a layer and overlaid, libx264 ultrafast, audio
// copied) and prints each time and the median. Aim: ≤ 3 s for 60 s of 720p on 2 cores.
// Also times a snapshot (720p JPEG) and a 3-page document PDF stamped as a copy.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { cjkFontDir, CJK_REGULAR_FILE } from '../api/documents/pdf-fonts.js';
import { watermarkFile } from '../core/watermark/watermark-file.js';
import { newExportId, watermarkText } from '../core/watermark/watermark-text.js';
import PDFDocument from 'pdfkit';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';

const run = promisify(execFile);
const seconds = Number(process.argv[2] ?? 60);
const runs = Number(process.argv[3] ?? 3);
const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-wm-bench-'));
const fontFile = path.join(cjkFontDir(), CJK_REGULAR_FILE);
const mark = () => watermarkText({ viewerName: '王晓明', account: 'officer.wc', at: new Date(), reference: { kind: 'case', value: '婺卫医罚〔2026〕12号' }, exportId: newExportId() });
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  const clip = path.join(dir, 'clip.mp4');
  await run('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440', '-t', String(seconds), '-c:v', 'libx264', '-preset', 'veryfast', '-b:v', '2M', '-g', '25', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-movflags', '+faststart', clip]);
  console.log(`clip: ${seconds} s 1280x720@25 with audio, ${(statSync(clip).size / 1e6).toFixed(1)} MB; ${os.cpus().length} cores`);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const out = path.join(dir, `out-${i}.mp4`);
    const t0 = process.hrtime.bigint();
    await watermarkFile('clip', { input: clip, output: out, watermark: mark(), fontFile });
    times.push(ms(t0));
    console.log(`  clip run ${i + 1}: ${(times[i] / 1000).toFixed(2)} s, copy ${(statSync(out).size / 1e6).toFixed(1)} MB`);
  }
  console.log(`watermark ${seconds} s 720p clip: median ${(median(times) / 1000).toFixed(2)} s (aim ≤ 3 s for 60 s)`);

  const snap = path.join(dir, 'snap.jpg');
  await run('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720', '-frames:v', '1', snap]);
  const st: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = process.hrtime.bigint();
    await watermarkFile('snapshot', { input: snap, output: path.join(dir, `snap-${i}.jpg`), watermark: mark(), fontFile });
    st.push(ms(t0));
  }
  console.log(`watermark 720p snapshot: median ${median(st).toFixed(0)} ms`);

  const pdf = path.join(dir, 'doc.pdf');
  const doc = new PDFDocument({ size: 'A4' });
  doc.registerFont('zh', fontFile).font('zh');
  for (let p = 0; p < 3; p++) {
    if (p) doc.addPage();
    doc.fontSize(18).text('行政处罚决定书', { align: 'center' }).fontSize(11);
    for (let l = 0; l < 30; l++) doc.text(`第${p + 1}页 第${l + 1}行：你单位消毒供应室未按《医疗机构消毒技术规范》对重复使用的诊疗器械进行清洗、消毒。`);
  }
  doc.end();
  await pipeline(doc, createWriteStream(pdf));
  const pt: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = process.hrtime.bigint();
    const out = path.join(dir, `doc-${i}.pdf`);
    await watermarkFile('pdf', { input: pdf, output: out, watermark: mark(), fontFile, original: { sha256: '0'.repeat(64), verifyUrl: 'http://127.0.0.1:3000/verify/ABCDEFGHJKMNPQRSTVWX', title: '行政处罚决定书' } });
    pt.push(ms(t0));
    if (i === 0) console.log(`  pdf copy: ${(statSync(out).size / 1e3).toFixed(0)} KB for 3 pages (original ${(statSync(pdf).size / 1e3).toFixed(0)} KB)`);
  }
  console.log(`stamp a 3-page PDF copy: median ${median(pt).toFixed(0)} ms`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
