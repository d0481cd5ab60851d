import { describe, expect, it } from 'vitest';
import { createDetectScheduler } from './detect-scheduler.js';
import type { Detection, Detector, Frame } from './detector.js';

/** A fake detector: answers after `ms` with one box whose label names the frame it saw. */
function fakeDetector(ms: number): Detector & { seen: string[] } {
  const seen: string[] = [];
  return {
    seen,
    model: { name: 'fake', version: '1', sha256: '0'.repeat(64) },
    load: async () => {},
    close: async () => {},
    async detect(frame: Frame): Promise<Detection[]> {
      const tag = String.fromCharCode(...frame.rgb.subarray(0, frame.rgb.indexOf(0)));
      seen.push(tag);
      await new Promise((r) => setTimeout(r, ms));
      return [{ label: tag, score: 0.9, box: [0, 0, 1, 1] }];
    },
  };
}
const frame = (tag: string): Frame => ({ width: 4, height: 4, rgb: new Uint8Array([...Buffer.from(tag), 0, ...new Array(40).fill(1)]) });

describe('detect scheduler', () => {
  it('latest frame wins: a frame still waiting when a newer one comes is dropped (null), never detected', async () => {
    const det = fakeDetector(20);
    const s = createDetectScheduler(det);
    const first = s.detect('cam', frame('a1'));
    const stale = s.detect('cam', frame('a2'));
    const latest = s.detect('cam', frame('a3'));
    expect((await first)![0].label).toBe('a1'); // already running
    expect(await stale).toBeNull();
    expect((await latest)![0].label).toBe('a3');
    expect(det.seen).toEqual(['a1', 'a3']);
    expect(s.stats()).toMatchObject({ inferences: 2, dropped: 1 });
  });
  it('cameras take turns: a busy camera cannot starve another', async () => {
    const det = fakeDetector(5);
    const s = createDetectScheduler(det);
    const all: Promise<unknown>[] = [s.detect('a', frame('a0'))];
    all.push(s.detect('b', frame('b0')));
    all.push(s.detect('a', frame('a1')));
    await Promise.all(all);
    expect(det.seen).toEqual(['a0', 'b0', 'a1']);
  });
  it('a failing model rejects that frame only', async () => {
    let n = 0;
    const det: Detector = { ...fakeDetector(1), detect: async () => (n++ === 0 ? Promise.reject(new Error('boom')) : []) };
    const s = createDetectScheduler(det);
    await expect(s.detect('a', frame('x'))).rejects.toThrow('boom');
    await expect(s.detect('a', frame('y'))).resolves.toEqual([]);
  });
  it('with two workers, two cameras run at once, but never two frames of one camera', async () => {
    const det = Object.assign(fakeDetector(30), { concurrency: 2 });
    let running = 0;
    let most = 0;
    const inner = det.detect.bind(det);
    det.detect = async (f: Frame) => {
      running++;
      most = Math.max(most, running);
      try {
        return await inner(f);
      } finally {
        running--;
      }
    };
    const s = createDetectScheduler(det);
    const r = await Promise.all([s.detect('a', frame('a0')), s.detect('b', frame('b0')), s.detect('c', frame('c0'))]);
    expect(r.map((x) => x![0].label)).toEqual(['a0', 'b0', 'c0']);
    expect(most).toBe(2); // two at once (not one after the other), and never three
    // One camera's frames never overlap: the second waits for the first.
    running = 0;
    most = 0;
    const one = [s.detect('a', frame('a1'))];
    await new Promise((res) => setTimeout(res, 5));
    one.push(s.detect('a', frame('a2')));
    await Promise.all(one);
    expect(most).toBe(1);
    expect(det.seen.slice(-2)).toEqual(['a1', 'a2']);
  });
});
