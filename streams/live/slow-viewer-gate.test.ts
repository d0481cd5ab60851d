import { describe, expect, it } from 'vitest';
import { createSlowViewerGate } from './slow-viewer-gate.js';

/** An FLV tag as node-media-server sends it: 11-byte header, data, 4-byte back-pointer. */
function tag(type: number, data: number[]): Buffer {
  const b = Buffer.alloc(11 + data.length + 4);
  b[0] = type;
  b.writeUIntBE(data.length, 1, 3);
  Buffer.from(data).copy(b, 11);
  b.writeUInt32BE(11 + data.length, 11 + data.length);
  return b;
}
const key = tag(9, [0x17, 1, 0, 0, 0, 9]);
const inter = tag(9, [0x27, 1, 0, 0, 0, 9]);
const avcConfig = tag(9, [0x17, 0, 0, 0, 0, 1]);
const audio = tag(8, [0xaf, 1, 5]);
const meta = tag(18, [2, 0, 10]);

describe('slow viewer gate', () => {
  it('passes everything while the viewer keeps up', () => {
    const g = createSlowViewerGate({ highBytes: 1000, lowBytes: 100 });
    expect([key, inter, audio, inter].map((t) => g.admit(t, 500))).toEqual([true, true, true, true]);
    expect(g.stats().dropped).toBe(0);
  });
  it('drops a lagging viewer’s pictures until a key frame finds the backlog drained, then resumes on it', () => {
    const skipped: number[] = [];
    const g = createSlowViewerGate({ highBytes: 1000, lowBytes: 100, onSkip: (b) => skipped.push(b) });
    expect(g.admit(inter, 1500)).toBe(false); // over the mark: dropped
    expect(g.admit(audio, 1400)).toBe(false);
    expect(g.admit(inter, 50)).toBe(false); // drained, but not a key frame: the picture would be broken
    expect(g.admit(key, 500)).toBe(false); // a key frame, but still too much waiting
    expect(g.admit(avcConfig, 5000)).toBe(true); // decoder configuration always passes
    expect(g.admit(meta, 5000)).toBe(true);
    expect(g.admit(key, 80)).toBe(true); // resumes here
    expect(g.admit(inter, 900)).toBe(true);
    expect(g.stats()).toEqual({ dropping: false, dropped: 4, skips: 1 });
    expect(skipped).toEqual([1500]); // told once, when the skipping began
  });
});
