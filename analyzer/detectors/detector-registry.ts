import { createCenternetDetector } from './centernet.detector.js';
import type { Detector } from './detector.js';

/** Detector plug-ins by config name (ANALYZER_DETECTOR); a fake lives with the unit tests only. */
const DETECTORS: Record<string, (opts: { threads: number }) => Detector> = {
  centernet: (opts) => createCenternetDetector(opts),
};

export function createDetector(type: string, opts: { threads: number }): Detector {
  const make = DETECTORS[type];
  if (!make) throw new Error(`unknown detector ${JSON.stringify(type)}; known: ${Object.keys(DETECTORS).join(', ')}`);
  return make(opts);
}
