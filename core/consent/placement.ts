import type { DeviceSnapshot } from '../db/database.js';
import { canonicalJson, sha256 } from '../ledger/canonical.js';

/** The device fields a business consents to: moving or changing any of them needs a new signature. */
export type PlacementSource = {
  name: string;
  kind: 'camera' | 'sensor';
  mobility: 'fixed' | 'mobile';
  protocol: string;
  points_at: string;
  coverage: string;
  records_audio: boolean;
  site_id: string;
};

export function snapshotOf(d: PlacementSource): DeviceSnapshot {
  return {
    name: d.name,
    kind: d.kind,
    mobility: d.mobility,
    protocol: d.protocol,
    pointsAt: d.points_at,
    coverage: d.coverage,
    recordsAudio: d.records_audio,
    siteId: d.site_id,
  };
}

/**
 * SHA-256 (hex) of where the device is and what it records. The name is left out: renaming a
 * camera does not change what the business agreed to.
 */
export function placementDigest(d: PlacementSource): string {
  const { kind, mobility, pointsAt, coverage, recordsAudio, siteId } = snapshotOf(d);
  return sha256(canonicalJson({ kind, mobility, pointsAt, coverage, recordsAudio, siteId })).toString('hex');
}
