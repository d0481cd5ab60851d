import type { FlagType } from './rule-definition.js';

/** What a flag row's `detail` holds, whatever its source (read by the API and the web). */
export type FlagDetail = {
  /** Boxes at the peak, relative to the picture (0–1): [x1, y1, x2, y2]. */
  boxes?: { label: string; score: number; box: [number, number, number, number] }[];
  /** Objects counted in the zone at the peak (rules). */
  count?: number;
  /** How long the condition had held when the flag was raised, and in all (seconds). */
  dwellS?: number;
  durationS?: number;
  /** The rule's zone as it was (copied: the rule may change later). */
  zone?: [number, number][] | null;
  /** Tamper measurements that tripped (e.g. mean brightness, sharpness, similarity to the reference). */
  metrics?: Record<string, number>;
  /** Why, in words the officer reads (zh-CN and English). */
  reason?: { zh: string; en: string };
  /** The picture the snapshot was taken from, in pixels. */
  frame?: { width: number; height: number };
  /** Sensor flags: the evidence is the readings around the excursion, with the limits they broke. */
  readings?: SensorEvidence;
  /**
   * Where the evidence clip starts (ISO time, before the flag's start), when the event knows
   * better than the pre-roll: a tampering that began before it was confirmed. Absent: start − pre-roll.
   */
  evidenceFrom?: string;
};

export type SensorEvidence = {
  quantity: string;
  unit: string;
  min: number | null;
  max: number | null;
  standard: string;
  /** When the readings first left the range, and the worst one. */
  firstOutAt: string;
  worst: { at: string; value: number };
  /** Every reading from before the excursion to after it (or to now while it lasts), oldest first. */
  points: { at: string; value: number }[];
};

export type FlagSummary = {
  id: string;
  type: FlagType;
  source: 'rule' | 'tamper' | 'sensor';
  deviceId: string;
  state: 'active' | 'ended';
  startedAt: string;
  endedAt: string | null;
  peakScore: number | null;
};
