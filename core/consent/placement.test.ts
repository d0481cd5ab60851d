import { describe, expect, it } from 'vitest';
import { placementDigest, type PlacementSource } from './placement.js';

const base: PlacementSource = { name: '后厨 1 号', kind: 'camera', mobility: 'fixed', protocol: 'rtmp', points_at: '切配区', coverage: '切配台', records_audio: false, site_id: 's1' };

describe('placement digest', () => {
  it('ignores the name but changes with anything the business agreed to', () => {
    const d = placementDigest(base);
    expect(placementDigest({ ...base, name: '改名' })).toBe(d);
    for (const change of [{ points_at: '洗消区' }, { coverage: '全景' }, { records_audio: true }, { mobility: 'mobile' as const }, { kind: 'sensor' as const }, { site_id: 's2' }]) {
      expect(placementDigest({ ...base, ...change })).not.toBe(d);
    }
  });
});
