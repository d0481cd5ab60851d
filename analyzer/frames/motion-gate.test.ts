import { describe, expect, it } from 'vitest';
import type { Frame } from '../detectors/detector.js';
import { createMotionGate } from './motion-gate.js';

const W = 320;
const H = 240;
function scene(personAt: number | null, noise = 0): Frame {
  const rgb = new Uint8Array(W * H * 3);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 3;
      const v = ((x >> 4) + (y >> 4)) % 2 ? 180 : 60; // a textured floor
      const inPerson = personAt !== null && x >= personAt && x < personAt + 30 && y >= 80 && y < 200;
      const n = noise ? Math.round((Math.random() - 0.5) * noise) : 0;
      rgb[i] = rgb[i + 1] = rgb[i + 2] = Math.max(0, Math.min(255, (inPerson ? 20 : v) + n));
    }
  return { width: W, height: H, rgb };
}

describe('motion gate', () => {
  it('runs the model on the first frame, on movement, and on a still scene only every idleMs', () => {
    const gate = createMotionGate({ idleMs: 10_000 });
    expect(gate.check(scene(null, 6), 0).run).toBe(true);
    // Sensor noise on a still scene is not motion.
    expect(gate.check(scene(null, 6), 500).run).toBe(false);
    expect(gate.check(scene(null, 6), 1000).run).toBe(false);
    // Someone walks in.
    const moved = gate.check(scene(100, 6), 1500);
    expect(moved.run).toBe(true);
    expect(moved.changed).toBeGreaterThan(0.01);
    expect(gate.check(scene(100, 6), 2000).run).toBe(false);
    // Still for long enough: the model looks again (people standing still are still seen).
    expect(gate.check(scene(100, 6), 12_000).run).toBe(true);
  });
});
