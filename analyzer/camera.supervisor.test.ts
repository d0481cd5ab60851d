import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../core/log.js';
import { createCameraSupervisor } from './camera.supervisor.js';
import type { Frame } from './detectors/detector.js';
import type { FrameSourceOptions, startFrameSource } from './frames/ffmpeg-frames.js';

// ANALYZER_DECODE=auto with a fake frame source on fake timers: the choice between key frames and
// every frame is made on the key-frame rate, not on how long the pull took to start.
const frame = (i: number): Frame => ({ width: 32, height: 24, rgb: new Uint8Array(32 * 24 * 3).map((_, j) => (j * 7 + i) % 251) });

/** A pull that delivers its first frame after `firstAfterMs`, then one every `everyMs`. */
function fakePull(firstAfterMs: number, everyMs: number) {
  const started: FrameSourceOptions['mode'][] = [];
  const start: typeof startFrameSource = (opts, onFrame) => {
    started.push(opts.mode);
    let n = 0;
    let every: NodeJS.Timeout | undefined;
    const emit = () => onFrame(frame(n++), Date.now());
    const first = setTimeout(() => (emit(), (every = setInterval(emit, everyMs))), firstAfterMs);
    let end!: (r: { code: number | null; signal: string | null; stderr: string }) => void;
    const done = new Promise<{ code: number | null; signal: string | null; stderr: string }>((r) => (end = r));
    return { child: { pid: 1 } as never, done, stop: () => (clearTimeout(first), clearInterval(every), end({ code: null, signal: 'SIGKILL', stderr: '' })) };
  };
  return { start, started };
}

function supervise(pull: ReturnType<typeof fakePull>) {
  const place = { deviceId: 'cam', siteId: 's', businessId: 'b', agencyId: 'a', category: 'food' };
  const settings = { ffmpegPath: 'ffmpeg', fps: 1, width: 32, decode: 'auto' as const, idleDetectMs: 10_000, streamLostMs: 60_000, graceMs: 1500, tamperCloseAfterMs: 30_000 };
  const deps = { settings, source: { url: 'fake' }, scheduler: { detect: async () => [], stats: () => ({ inferences: 0, dropped: 0, busyMs: 0, queued: 0, running: 0 }) }, model: { name: 'fake', version: '1', sha256: '' }, flags: {} as never, references: { save: async () => {} } as never, log: createLogger('silent'), startFrames: pull.start };
  return createCameraSupervisor('cam', place, deps, { rules: [], checkpoint: { events: {} }, reference: null });
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('camera supervisor: decoding choice', () => {
  it('a pull that takes 5 s to start, then brings a key frame every second, stays on key frames at 1 frame/s', async () => {
    const pull = fakePull(5000, 1000);
    const sup = supervise(pull);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(pull.started).toEqual(['keyframes']);
    expect(sup.stats()).toMatchObject({ mode: 'keyframes', restarts: 0 });
    const stopping = sup.stop();
    await vi.runOnlyPendingTimersAsync();
    await stopping;
  });

  it('key frames every 3 s are too sparse for 1 frame/s: the pull restarts decoding every frame', async () => {
    const pull = fakePull(500, 3000);
    const sup = supervise(pull);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(pull.started).toEqual(['keyframes', 'all']);
    expect(sup.stats().mode).toBe('all');
    const stopping = sup.stop();
    await vi.runOnlyPendingTimersAsync();
    await stopping;
  });
});
