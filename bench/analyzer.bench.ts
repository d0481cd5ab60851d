// Analyzer figures (issue 5), printed side by side:
//   `npx tsx bench/analyzer.bench.ts [--only=A,B,C,D] [--threads=N] [--workers=N] [--input=512]`
// (--workers: model sessions in worker threads as the analyzer runs them, ANALYZER_WORKERS; 0 = main thread)
// A. model-only inference rate vs the whole pipeline (ffmpeg decode → tamper checks → motion
//    gate → model → rules → events) on the same vtest.avi frames;
// B. cameras sustained at 1 analysed frame/s with motion gating, real footage, and CPU per camera;
// C. event on camera → flag visible on a dashboard socket (the real platform, p95);
// D. precision and recall of the flag rules on the test scenes.
// Needs Debian opencv-doc (vtest.avi, stills) and darknet (dog.jpg).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import { createCameraSupervisor, type CameraSupervisor } from '../analyzer/camera.supervisor.js';
import { createCenternetDetector } from '../analyzer/detectors/centernet.detector.js';
import { createDetectScheduler } from '../analyzer/detectors/detect-scheduler.js';
import { createDetector } from '../analyzer/detectors/detector-registry.js';
import type { Frame } from '../analyzer/detectors/detector.js';
import type { FlagStore } from '../analyzer/flags/flag.store.js';
import type { ReferenceStore } from '../analyzer/flags/reference.store.js';
import { startFrameSource } from '../analyzer/frames/ffmpeg-frames.js';
import { evaluateRule, relativeTo, type ActiveRule } from '../analyzer/rules/rule-evaluator.js';
import { parseRuleDefinition } from '../core/analysis/rule-definition.js';
import { createLogger } from '../core/log.js';
import { httpConsentedDevice, httpLogin } from '../tests/support/http-client.js';
import { startPlatform } from '../tests/support/platform-process.js';
import { signaturePng } from '../tests/support/signature-png.js';

const DATA = '/usr/share/doc/opencv-doc/examples/data';
const VTEST = `${DATA}/vtest.avi`;
const DOG = '/usr/share/darknet/data/dog.jpg';
const only = (process.argv.find((a) => a.startsWith('--only='))?.slice(7) ?? 'A,B,C,D').split(',');
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = createLogger('silent');
const results: string[] = [];
const say = (line: string) => {
  results.push(line);
  console.log(line);
};

const threads = Number(process.argv.find((a) => a.startsWith('--threads='))?.slice(10) ?? 1);
const workers = Number(process.argv.find((a) => a.startsWith('--workers='))?.slice(10) ?? 1);
const inputSize = Number(process.argv.find((a) => a.startsWith('--input='))?.slice(8) ?? 512);
const detector = createCenternetDetector({ threads, inputSize });
console.log(`model threads: ${threads} (ANALYZER_THREADS), worker sessions: ${workers} (ANALYZER_WORKERS), input ${inputSize}×${inputSize} (ANALYZER_INPUT_SIZE)`);
await detector.load();
// The pipeline's model as the analyzer runs it (worker threads unless --workers=0).
const pipeDetector = workers > 0 ? createDetector('centernet', { threads, workers, inputSize }) : Object.assign(detector, { concurrency: 1 });
if (workers > 0) await pipeDetector.load();
const walkway: ActiveRule = { id: 'walkway', version: 1, kind: 'restricted_area', name: 'walkway', definition: parseRuleDefinition('restricted_area', { zone: [[0, 0.3], [1, 0.3], [1, 0.72], [0, 0.72]], minDwellS: 2, cooldownS: 60 }) };

/** Stores that only count (benchmarks measure analysis speed; the database is measured elsewhere). */
function countingStores() {
  let n = 0;
  const flags = { place: async () => null, open: async () => ({ id: `f${++n}`, created: true }), close: async () => true, active: async () => [] } as unknown as FlagStore;
  const references = { load: async () => ({ scene: null, relearnAt: null }), save: async () => {} } as unknown as ReferenceStore;
  return { flags, references, opened: () => n };
}

function cpuOfPid(pid: number | null): number {
  if (!pid) return 0;
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * 10; // utime + stime, in ms (100 Hz)
  } catch {
    return 0;
  }
}

function supervisor(id: string, scheduler: ReturnType<typeof createDetectScheduler>, source: { url: string; realtime?: boolean; preInput?: string[] }, fps: number, idleDetectMs: number, rules: ActiveRule[], decode: 'auto' | 'all' = 'all'): CameraSupervisor {
  const stores = countingStores();
  const place = { deviceId: id, siteId: 's', businessId: 'b', agencyId: 'a', category: 'medical' };
  return createCameraSupervisor(id, place, { settings: { ffmpegPath: 'ffmpeg', fps, width: 640, decode, idleDetectMs, streamLostMs: 600_000, graceMs: 1500, tamperCloseAfterMs: 30_000 }, source, scheduler, model: detector.model, flags: stores.flags, references: stores.references, log }, { rules, checkpoint: { events: {} }, reference: null });
}

// ── A ────────────────────────────────────────────────────────────────────────────────────────
if (only.includes('A')) {
  const frames: Frame[] = [];
  const src = startFrameSource({ ffmpegPath: 'ffmpeg', url: VTEST, fps: 10, width: 640, mode: 'all' }, (f) => frames.length < 150 && frames.push(f));
  await src.done;
  for (const f of frames.slice(0, 5)) await detector.detect(f); // warm-up
  let t0 = performance.now();
  for (const f of frames) await detector.detect(f, 0.25);
  const oneFps = frames.length / ((performance.now() - t0) / 1000);
  // The model alone as the pipeline gets it: as many frames in flight as it has sessions.
  for (const f of frames.slice(0, 5)) await pipeDetector.detect(f);
  t0 = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: pipeDetector.concurrency }, async () => {
    while (next < frames.length) await pipeDetector.detect(frames[next++], 0.25);
  }));
  const modelFps = frames.length / ((performance.now() - t0) / 1000);
  // The whole pipeline on the same footage: three cameras play vtest.avi in real time at 10 frames/s
  // each (30 offered a second, more than the model can take), every frame handled (tamper checks,
  // motion gate, rules) and the model run on every one it can (idleDetectMs 0, latest frame wins).
  // Throughput = model runs a second inside the pipeline, against the model alone above.
  const scheduler = createDetectScheduler(pipeDetector);
  const sups = [0, 20, 40].map((ss, i) => supervisor(`A${i}`, scheduler, { url: VTEST, realtime: true, preInput: ['-ss', String(ss)] }, 10, 0, [walkway]));
  await sleep(5000);
  const i0 = scheduler.stats().inferences;
  t0 = performance.now();
  await sleep(20_000);
  const pipeFps = (scheduler.stats().inferences - i0) / ((performance.now() - t0) / 1000);
  await Promise.all(sups.map((x) => x.stop()));
  say(`A  model only: ${oneFps.toFixed(1)} frames/s in one session; ${modelFps.toFixed(1)} frames/s with ${pipeDetector.concurrency} session(s) in flight | whole pipeline on the same frames: ${pipeFps.toFixed(1)} frames/s = ${((pipeFps / modelFps) * 100).toFixed(0)} % of the model (aim ≥ 85 %)`);
}

// ── B ────────────────────────────────────────────────────────────────────────────────────────
if (only.includes('B')) {
  // Camera-like inputs: H.264 with a key frame every second, as IP cameras send. Busy: vtest.avi
  // (people walking all the time); quiet: the same place empty and still, with a live sensor's noise.
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'vigil-bench-'));
  const busyFile = path.join(tmp, 'busy.mp4');
  const quietFile = path.join(tmp, 'quiet.mp4');
  // Looped seamlessly: each file is a whole number of GOPs (vtest.avi is 795 frames; 790 = 79 GOPs),
  // so the key frames stay one second apart across the loop point (795 frames would put a key frame
  // 0.5 s after the last one there, which the 1 frame/s selection skips: a frame the bench, not the
  // pipeline, would lose).
  spawnSync('ffmpeg', ['-v', 'error', '-y', '-i', VTEST, '-frames:v', '790', '-c:v', 'libx264', '-preset', 'veryfast', '-g', '10', '-pix_fmt', 'yuv420p', busyFile]);
  spawnSync('ffmpeg', ['-v', 'error', '-y', '-ss', '3', '-i', VTEST, '-frames:v', '1', path.join(tmp, 'still.png')]);
  spawnSync('ffmpeg', ['-v', 'error', '-y', '-loop', '1', '-framerate', '10', '-i', path.join(tmp, 'still.png'), '-t', '60', '-vf', 'noise=alls=8:allf=t', '-c:v', 'libx264', '-preset', 'veryfast', '-g', '10', '-pix_fmt', 'yuv420p', quietFile]);
  const trial = async (k: number, busyShare: number) => {
    const scheduler = createDetectScheduler(pipeDetector);
    const sups: CameraSupervisor[] = [];
    for (let i = 0; i < k; i++) {
      const busy = i < Math.round(k * busyShare);
      // Busy: vtest.avi (people walking all the time), each camera from another point in the clip; quiet: the same scene, empty and still (but a live camera's noise: -noise).
      sups.push(supervisor(`cam${i}`, scheduler, { url: busy ? busyFile : quietFile, realtime: true, preInput: ['-stream_loop', '-1', '-ss', String((i * 7) % 50)] }, 1, 10_000, [walkway], 'auto'));
    }
    // Warm-up: every camera connected and past its decoding choice (ANALYZER_DECODE=auto judges
    // the key-frame rate over 8 s from its first frame), then 2 s more. On a busy machine the
    // connections take longer; a fixed warm-up would measure them, not the pipeline.
    const warm = performance.now();
    while (sups.some((s) => s.stats().frames < 10) && performance.now() - warm < 60_000) await sleep(250);
    await sleep(2000);
    const f0 = sups.map((s) => s.stats().frames);
    const r0 = sups.map((s) => s.stats().restarts);
    const s0 = scheduler.stats();
    const c0 = process.cpuUsage();
    const k0 = sups.reduce((a, s) => a + cpuOfPid(s.sourcePid()), 0);
    const t0 = performance.now();
    await sleep(15_000);
    const secs = (performance.now() - t0) / 1000;
    const rates = sups.map((s, i) => (s.stats().frames - f0[i]) / secs);
    const slowest = rates.indexOf(Math.min(...rates));
    const allFrames = sups.filter((s) => s.stats().mode === 'all').length;
    const restarts = sups.reduce((a, s, i) => a + s.stats().restarts - r0[i], 0);
    const s1 = scheduler.stats();
    const c1 = process.cpuUsage(c0);
    const k1 = sups.reduce((a, s) => a + cpuOfPid(s.sourcePid()), 0);
    const wanted = s1.inferences - s0.inferences + (s1.dropped - s0.dropped);
    const dropShare = wanted ? (s1.dropped - s0.dropped) / wanted : 0;
    const cpuMs = (c1.user + c1.system) / 1000 + (k1 - k0);
    await Promise.all(sups.map((s) => s.stop()));
    const ok = Math.min(...rates) >= 0.9 && dropShare <= 0.1;
    return { ok, minRate: Math.min(...rates), slowest: `cam${slowest} (${slowest < Math.round(k * busyShare) ? 'busy' : 'still'})`, allFrames, restarts, warmS: (t0 - warm) / 1000, dropShare, cpuPerCam: cpuMs / secs / 10 / k, modelPerS: (s1.inferences - s0.inferences) / secs };
  };
  for (const [label, busy] of [['all busy (vtest)', 1], ['a quarter busy, the rest still', 0.25]] as const) {
    let best = 0;
    let last = '';
    for (const k of [8, 16, 24, 32, 40]) {
      const r = await trial(k, busy);
      last = `${k} cameras: slowest ${r.minRate.toFixed(2)} f/s (${r.slowest}), ${r.allFrames} decoding every frame, ${r.restarts} pull restarts in the window, warm-up ${r.warmS.toFixed(0)} s, model ${r.modelPerS.toFixed(1)} runs/s, ${(r.dropShare * 100).toFixed(0)} % of model runs dropped, CPU ${r.cpuPerCam.toFixed(1)} % of a core per camera`;
      console.log(`   B ${label}: ${last}${r.ok ? '' : '  ✗'}`);
      if (!r.ok) break;
      best = k;
    }
    say(`B  ${label}: ${best} cameras sustained at 1 analysed frame/s (aim ≥ 24); last trial: ${last}`);
  }
}

// ── C ────────────────────────────────────────────────────────────────────────────────────────
if (only.includes('C')) {
  const platform = await startPlatform({ ANALYZER_FPS: '2', ANALYZER_DECODE: 'keyframes', ANALYZER_INPUT_SIZE: String(inputSize), ANALYZER_WORKERS: String(workers), LOG_LEVEL: 'warn' });
  const children: ChildProcess[] = [];
  try {
    const officer = await httpLogin(platform.url, 'officer.wc', platform.logins.get('officer.wc')!);
    const biz = await httpLogin(platform.url, 'biz.hosp', platform.logins.get('biz.hosp')!);
    const d = await httpConsentedDevice(officer, biz, signaturePng());
    await officer.call('POST', `/api/devices/${d.deviceId}/rules`, { kind: 'animal', name: '备餐台', definition: { zone: null, minScore: 0.3, minDwellS: 0, cooldownS: 0 } });
    const socket = io(platform.url, { extraHeaders: { cookie: officer.cookie }, transports: ['websocket'] });
    const seen: { at: number; id: string; state: string }[] = [];
    socket.on('flag:changed', (p: { id: string; deviceId: string; state: string }) => p.deviceId === d.deviceId && seen.push({ at: performance.now(), id: p.id, state: p.state }));
    // A camera fed frame by frame from here, so the moment the dog appears is known exactly.
    const W = 768;
    const H = 576;
    const raw = (file: string, vf: string) => spawnSync('ffmpeg', ['-v', 'error', '-i', file, ...(vf ? ['-filter_complex', vf] : ['-vf', `scale=${W}:${H}`]), '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', 'pipe:1'], { maxBuffer: 1 << 26 }).stdout;
    const plain = raw(`${DATA}/fruits.jpg`, '');
    const dogFrame = spawnSync('ffmpeg', ['-v', 'error', '-i', `${DATA}/fruits.jpg`, '-i', DOG, '-filter_complex', `[0]scale=${W}:${H}[bg];[1]crop=230:380:105:180[dog];[bg][dog]overlay=30:150`, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', 'pipe:1'], { maxBuffer: 1 << 26 }).stdout;
    const cam = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-s', `${W}x${H}`, '-r', '10', '-i', 'pipe:0', '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', '5', '-f', 'flv', `rtmp://127.0.0.1:${platform.rtmpPort}/live/${d.deviceId}?key=${d.key}`], { stdio: ['pipe', 'ignore', 'inherit'] });
    children.push(cam);
    let showDog = false;
    const noise = (buf: Buffer) => {
      const b = Buffer.from(buf);
      for (let i = 0; i < 2000; i++) b[(Math.random() * W * H) | 0] ^= 1; // a live sensor is never perfectly still
      return b;
    };
    const feeder = setInterval(() => cam.stdin!.write(noise(showDog ? dogFrame : plain)), 100);
    await sleep(25_000); // platform picks the camera up (lease round), learns the scene
    const lat: number[] = [];
    for (let i = 0; i < 12; i++) {
      const before = seen.length;
      showDog = true;
      const t0 = performance.now();
      const deadline = t0 + 15_000;
      while (!seen.slice(before).some((s) => s.state === 'active') && performance.now() < deadline) await sleep(5);
      const hit = seen.slice(before).find((s) => s.state === 'active');
      if (hit) lat.push(hit.at - t0);
      await sleep(1500);
      showDog = false;
      const endBy = performance.now() + 15_000;
      while (!seen.slice(before).some((s) => s.state === 'ended') && performance.now() < endBy) await sleep(20);
      await sleep(2500);
    }
    clearInterval(feeder);
    socket.close();
    say(`C  dog appears on camera → flag on a dashboard socket: p50 ${pct(lat, 50).toFixed(0)} ms, p95 ${pct(lat, 95).toFixed(0)} ms, max ${Math.max(...lat).toFixed(0)} ms over ${lat.length}/12 events (aim p95 ≤ 2000 ms; 2 analysed frames/s, key frames every 0.5 s)`);
  } finally {
    for (const c of children) c.kill('SIGKILL');
    await platform.stop();
  }
}

// ── D ────────────────────────────────────────────────────────────────────────────────────────
if (only.includes('D')) {
  // Animal rule on food-area scenes: every animal-free background alone, and with the dog of
  // dog.jpg pasted at two sizes and two places. One frame each, the rule as deployed (score 0.3).
  const backgrounds = ['fruits.jpg', 'home.jpg', 'building.jpg', 'board.jpg', 'apple.jpg', 'orange.jpg', 'messi5.jpg', 'basketball1.png', 'aero1.jpg', 'left01.jpg', 'graf1.png', 'box_in_scene.png'];
  const rule: ActiveRule = { id: 'a', version: 1, kind: 'animal', name: 'food', definition: parseRuleDefinition('animal', { minScore: 0.3 }) };
  const frameOf = (args: string[]): Frame => {
    const rgb = spawnSync('ffmpeg', ['-v', 'error', ...args, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], { maxBuffer: 1 << 26 }).stdout;
    return { width: 768, height: 576, rgb: new Uint8Array(rgb) };
  };
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  const misses: string[] = [];
  for (const bg of backgrounds) {
    const file = `${DATA}/${bg}`;
    const fires = async (f: Frame) => evaluateRule(rule, relativeTo(f, await detector.detect(f, 0.25)), new Date()).match;
    if (await fires(frameOf(['-i', file, '-vf', 'scale=768:576']))) {
      fp++;
      misses.push(`${bg} alone`);
    } else tn++;
    for (const [scale, x, y] of [[1, 30, 150], [0.6, 420, 260]] as const) {
      const comp = frameOf(['-i', file, '-i', DOG, '-filter_complex', `[0]scale=768:576[bg];[1]crop=230:380:105:180,scale=iw*${scale}:-2[dog];[bg][dog]overlay=${x}:${y}`]);
      if (await fires(comp)) tp++;
      else {
        fn++;
        misses.push(`${bg} + dog ×${scale}`);
      }
    }
  }
  say(`D  animal rule on ${backgrounds.length} food/indoor backgrounds ± a pasted dog (${tp + fn} with, ${tn + fp} without): precision ${((tp / Math.max(1, tp + fp)) * 100).toFixed(0)} %, recall ${((tp / Math.max(1, tp + fn)) * 100).toFixed(0)} % (TP ${tp}, FP ${fp}, FN ${fn}, TN ${tn})${misses.length ? `; wrong: ${misses.join(', ')}` : ''}`);
}

await detector.close();
if (workers > 0) await pipeDetector.close();
console.log('\n' + results.join('\n'));
process.exit(0);
