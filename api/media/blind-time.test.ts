import { describe, expect, it } from 'vitest';
import { blindSpans, figures, merge, subtract, watchedSpans } from './blind-time.js';

const H = 3600_000;
const day = Date.UTC(2026, 11, 1, -8); // 2026-12-01 00:00 Asia/Shanghai
const at = (h: number) => day + h * H;

describe('blind time', () => {
  it('merges touching segments and subtracts', () => {
    expect(merge([{ from: 10, to: 20 }, { from: 0, to: 10 }, { from: 30, to: 40 }])).toEqual([{ from: 0, to: 20 }, { from: 30, to: 40 }]);
    expect(subtract([{ from: 0, to: 100 }], [{ from: 10, to: 20 }, { from: 90, to: 120 }])).toEqual([{ from: 0, to: 10 }, { from: 20, to: 90 }]);
  });

  it('a day with the device installed at noon: the morning is not blind, and neither is the time after now', () => {
    // Consent signed at 08:00, first stream at 12:00, recorded 12:00–14:00 and 15:00–16:00, then an ongoing gap; now is 18:00.
    const now = at(18);
    const watched = watchedSpans([{ from: at(8), to: null }], at(12), now);
    const recorded = [{ from: at(12), to: at(14) }, { from: at(15), to: at(16) }];
    expect(blindSpans(watched, recorded, at(0), at(24))).toEqual([{ from: at(14), to: at(15) }, { from: at(16), to: now }]);
    expect(figures(watched, recorded, at(0), at(24))).toEqual({ watchedSeconds: 6 * 3600, recordedSeconds: 3 * 3600, blindSeconds: 3 * 3600, uptimePercent: 50 });
  });

  it('a device never installed, or before its consent, or after revocation, has no blind time', () => {
    expect(figures(watchedSpans([{ from: at(0), to: null }], null, at(24)), [], at(0), at(24))).toMatchObject({ blindSeconds: 0, uptimePercent: null });
    // Streamed since 06:00 but consent only signed at 09:00 and revoked at 20:00.
    const watched = watchedSpans([{ from: at(9), to: at(20) }], at(6), at(30));
    expect(blindSpans(watched, [{ from: at(6), to: at(10) }], at(0), at(24))).toEqual([{ from: at(10), to: at(20) }]);
  });

  it('segments a second apart are one recording, not a blind second', () => {
    const watched = watchedSpans([{ from: at(0), to: null }], at(0), at(1));
    const segs = Array.from({ length: 360 }, (_, i) => ({ from: at(0) + i * 10_000 + 300, to: at(0) + (i + 1) * 10_000 }));
    expect(blindSpans(watched, segs, at(0), at(1))).toEqual([{ from: at(0), to: at(0) + 300 }]);
  });
});
