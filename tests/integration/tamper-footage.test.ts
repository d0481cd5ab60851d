import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Frame } from '../../analyzer/detectors/detector.js';
import { selectFilter } from '../../analyzer/frames/ffmpeg-frames.js';
import { createStreamTimer } from '../../analyzer/frames/stream-time.js';
import { createTamperMonitor, type TamperMonitor, type TamperTransition } from '../../analyzer/tamper/tamper-monitor.js';

// The tamper monitor on real footage, decoded by the system ffmpeg and fed at 2 frames/s with
// synthetic timestamps 500 ms apart (nothing runs in real time), each frame saying whether it was
// decoded from a key frame (ffmpeg's showinfo, as the analyzer's frame source reads it). vtest.avi (Debian opencv-doc) is
// 80 s of a fixed outdoor camera with pedestrians; the stills are Debian darknet's.
const VTEST = '/usr/share/doc/opencv-doc/examples/data/vtest.avi';
const DARKNET = '/usr/share/darknet/data';
const W = 768;
const H = 576;
const STEP_MS = 500;
const noVtest = !existsSync(VTEST);
const noDarknet = !existsSync(path.join(DARKNET, 'person.jpg'));
const tmp = mkdtempSync(path.join(tmpdir(), 'vigil-tamper-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Run = { mon: TamperMonitor; ms: number; transitions: TamperTransition[]; learnedAt: number[] };
const start = (): Run => ({ mon: createTamperMonitor({}), ms: 0, transitions: [], learnedAt: [] });

/**
 * Decodes `args` (inputs and options) with ffmpeg as the analyzer's frame source does — 768×576, a
 * frame every 500 ms of the footage and every key frame — feeding each frame to the run's monitor
 * at its time in the footage, after what the run has seen so far.
 */
async function play(run: Run, args: string[], vf = ''): Promise<number> {
  const filter = `${vf ? `${vf},` : ''}${selectFilter(1000 / STEP_MS, 'all')},scale=${W}:${H},showinfo`;
  const ff = spawn('ffmpeg', ['-hide_banner', '-nostats', '-loglevel', 'info', ...args, '-vf', filter, '-fps_mode', 'vfr', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let frames = 0;
  const base = run.ms + STEP_MS;
  // Frames paired with their showinfo lines: time in the footage, key or not.
  const timer = createStreamTimer({
    origin: () => base,
    live: false,
    emit: (f: Frame, atMs: number) => {
      run.ms = atMs;
      const r = run.mon.feed(run.ms, f);
      run.transitions.push(...r.transitions);
      if (r.learned) run.learnedAt.push(run.ms);
      frames++;
    },
  });
  let stderr = '';
  let line = '';
  ff.stderr.on('data', (d: Buffer) => {
    const lines = (line + d.toString()).split('\n');
    line = lines.pop() ?? '';
    for (const l of lines) if (!timer.info(l)) stderr += `${l}\n`;
  });
  const exited = new Promise<number>((resolve) => ff.on('close', (code) => resolve(code ?? -1)));
  const size = W * H * 3;
  let frame = new Uint8Array(size);
  let filled = 0;
  for await (const chunk of ff.stdout as AsyncIterable<Buffer>) {
    let off = 0;
    while (off < chunk.length) {
      const n = Math.min(size - filled, chunk.length - off);
      frame.set(chunk.subarray(off, off + n), filled);
      filled += n;
      off += n;
      if (filled === size) {
        timer.frame({ width: W, height: H, rgb: frame }, 0);
        frame = new Uint8Array(size); // the frame may wait for its line
        filled = 0;
      }
    }
  }
  const code = await exited;
  if (line) timer.info(line);
  if (code !== 0) throw new Error(`ffmpeg ${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`);
  return frames;
}

const raised = (run: Run) => run.transitions.filter((t) => t.active).map((t) => t.type);
const firstRaise = (run: Run, type: string) => run.transitions.find((t) => t.active && t.type === type);

/** Encodes with libx264 (one thread, so the bytes are the same every run) to a temporary .mp4. */
function encode(name: string, args: string[]): Promise<string> {
  const out = path.join(tmp, name);
  const ff = spawn('ffmpeg', ['-v', 'error', '-y', ...args, '-c:v', 'libx264', '-preset', 'veryfast', '-threads', '1', '-crf', '23', '-pix_fmt', 'yuv420p', out]);
  let stderr = '';
  ff.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => ff.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`ffmpeg encode ${name}: ${stderr}`)))));
}

describe.skipIf(noVtest)(`tamper monitor on vtest.avi (${noVtest ? `SKIPPED: ${VTEST} missing, install Debian opencv-doc` : 'Debian opencv-doc'})`, () => {
  it('learns the scene once and raises nothing over the whole 80 s clip of people walking', async () => {
    const run = start();
    const frames = await play(run, ['-i', VTEST]);
    expect(frames).toBeGreaterThan(150);
    expect(run.learnedAt).toHaveLength(1);
    expect(run.learnedAt[0]).toBeGreaterThanOrEqual(10_000);
    expect(run.learnedAt[0]).toBeLessThanOrEqual(12_000);
    expect(run.transitions).toEqual([]);
    expect(run.mon.active()).toEqual([]);
  });

  // Each case: 20 s of the real clip (the reference is learned), then 30 s altered, then 15 s of
  // the real clip again. The alteration must raise its own type, and only it, after its duration
  // (± one frame), and the return must clear it after clearS (5 s, ± one frame).
  const cases = [
    { type: 'view_moved', vf: 'crop=iw*0.75:ih*0.75:iw*0.25:0', raiseS: 10 },
    { type: 'camera_covered', vf: 'eq=brightness=-0.9', raiseS: 5 },
    { type: 'camera_blurred', vf: 'boxblur=20', raiseS: 20 },
  ] as const;
  for (const c of cases) {
    it(`raises ${c.type} on "${c.vf}" after ${c.raiseS} s, and only that, and clears it when the picture is back`, async () => {
      const run = start();
      await play(run, ['-t', '20', '-i', VTEST]);
      expect(run.learnedAt).toHaveLength(1);
      const alteredAt = run.ms;
      await play(run, ['-ss', '20', '-t', '30', '-i', VTEST], c.vf);
      const raise = firstRaise(run, c.type);
      expect(raise, `${c.type} never raised`).toBeDefined();
      expect(raise!.atMs - alteredAt).toBeGreaterThanOrEqual(c.raiseS * 1000);
      expect(raise!.atMs - alteredAt).toBeLessThanOrEqual(c.raiseS * 1000 + 2 * STEP_MS);
      // The flag starts when the alteration did (its first frame), so the clip's pre-roll shows it.
      expect(run.mon.onset(c.type)! - alteredAt).toBeLessThanOrEqual(2 * STEP_MS);
      expect(raised(run)).toEqual([c.type]);
      const backAt = run.ms;
      await play(run, ['-ss', '50', '-t', '15', '-i', VTEST]);
      const clear = run.transitions.find((t) => !t.active && t.type === c.type);
      expect(clear, `${c.type} never cleared`).toBeDefined();
      expect(clear!.atMs - backAt).toBeGreaterThanOrEqual(5000);
      expect(clear!.atMs - backAt).toBeLessThanOrEqual(5000 + 2 * STEP_MS);
      expect(run.mon.active()).toEqual([]);
      expect(run.learnedAt).toHaveLength(1);
    });
  }

  it('raises picture_frozen 8 s after the camera froze on one frame, through H.264 (the key frames repeat it), the flag starting at the freeze; a 20 s freeze is caught', async () => {
    // 20 s live, then the last frame repeated for 20 s, encoded (GOP 5 s) and decoded again.
    const file = await encode('frozen.mp4', ['-t', '20', '-i', VTEST, '-vf', 'tpad=stop_mode=clone:stop_duration=20', '-g', '50']);
    const run = start();
    await play(run, ['-i', file]);
    expect(run.learnedAt).toHaveLength(1);
    const frozen = firstRaise(run, 'picture_frozen');
    expect(frozen, 'picture_frozen never raised').toBeDefined();
    const onset = frozen!.atMs - frozen!.metrics.heldS * 1000;
    expect(Math.abs(onset - 20_000)).toBeLessThanOrEqual(2 * STEP_MS);
    // Proved by the first key frame after the freeze (GOP 5 s), held 8 s from the freeze.
    expect(frozen!.atMs - 20_000).toBeGreaterThanOrEqual(8000);
    expect(frozen!.atMs - 20_000).toBeLessThanOrEqual(8000 + 5000 + 2 * STEP_MS);
    expect(raised(run)).toEqual(['picture_frozen']);
  });
});

describe.skipIf(noDarknet)(`tamper monitor on darknet stills (${noDarknet ? `SKIPPED: ${DARKNET} missing, install Debian darknet` : 'Debian darknet'})`, () => {
  it('a still photo repeated raises picture_frozen 8 s after the first frame and is never learned as the scene', async () => {
    const run = start();
    await play(run, ['-loop', '1', '-t', '30', '-i', path.join(DARKNET, 'person.jpg')]);
    const frozen = firstRaise(run, 'picture_frozen');
    expect(frozen, 'picture_frozen never raised').toBeDefined();
    // The first frame is where the picture stopped changing; every one is a key frame repeating it.
    expect(frozen!.atMs).toBeGreaterThanOrEqual(STEP_MS + 8000);
    expect(frozen!.atMs).toBeLessThanOrEqual(3 * STEP_MS + 8000);
    expect(raised(run)).toEqual(['picture_frozen']);
    expect(run.learnedAt).toEqual([]);
  });

  it('a dim but textured picture is not covered (only frozen, being a still); the same picture blacked out is', async () => {
    for (const [vf, expected] of [
      ['eq=brightness=-0.35:contrast=0.6', 'picture_frozen'],
      ['eq=brightness=-0.9', 'camera_covered'],
    ] as const) {
      const run = start();
      await play(run, ['-loop', '1', '-t', '25', '-i', path.join(DARKNET, 'horses.jpg')], vf);
      expect(raised(run), vf).toEqual([expected]);
      const { brightness, contrast } = run.transitions[0].metrics;
      if (expected === 'picture_frozen') {
        expect(brightness, 'the dim picture should be dim').toBeLessThan(50);
        expect(contrast, 'the dim picture should be textured').toBeGreaterThan(10);
      }
    }
  });

  it('a live static scene (sensor noise, H.264, 2 s GOP) is neither frozen nor anything else; turning the camera onto another scene raises view_moved', async () => {
    const live = (name: string, s: number) => ['-loop', '1', '-t', String(s), '-i', path.join(DARKNET, name), '-vf', `scale=${W}:${H},noise=alls=2:allf=t`, '-r', '10', '-g', '20'];
    const person = await encode('person.mp4', live('person.jpg', 30));
    const horses = await encode('horses.mp4', live('horses.jpg', 20));
    const run = start();
    await play(run, ['-i', person]);
    expect(run.learnedAt).toHaveLength(1);
    expect(run.transitions).toEqual([]);
    const turnedAt = run.ms;
    await play(run, ['-i', horses]);
    const moved = firstRaise(run, 'view_moved');
    expect(moved, 'view_moved never raised').toBeDefined();
    expect(moved!.atMs - turnedAt).toBeLessThanOrEqual(10_000 + 2 * STEP_MS);
    expect(moved!.metrics.similarity).toBeLessThan(0.5);
    expect(raised(run)).toEqual(['view_moved']);
  });
});
