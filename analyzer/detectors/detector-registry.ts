import type { Logger } from '../../core/log.js';
import { createCenternetDetector } from './centernet.detector.js';
import type { Detector } from './detector.js';
import { createWorkerDetector } from './worker-detector.js';

/** Detector plug-ins by config name (ANALYZER_DETECTOR); a fake lives with the unit tests only. */
export type DetectorOptions = { threads: number; inputSize?: number };

const DETECTORS: Record<string, (opts: DetectorOptions) => Detector> = {
  centernet: (opts) => createCenternetDetector(opts),
};

function makerOf(type: string) {
  const make = DETECTORS[type];
  if (!make) throw new Error(`unknown detector ${JSON.stringify(type)}; known: ${Object.keys(DETECTORS).join(', ')}`);
  return make;
}

/** The detector itself, in the calling thread (what each worker runs). */
export function createInProcessDetector(type: string, opts: DetectorOptions): Detector {
  return makerOf(type)(opts);
}

/**
 * The analyzer's detector: `workers` worker threads each running the model (0: in the calling
 * thread, which then stalls on every inference). `concurrency` is how many frames it takes at once.
 */
export function createDetector(type: string, opts: DetectorOptions & { workers: number; log?: Logger }): Detector & { concurrency: number } {
  if (opts.workers === 0) return Object.assign(createInProcessDetector(type, opts), { concurrency: 1 });
  makerOf(type); // an unknown name fails here, before any thread starts
  return createWorkerDetector(type, opts);
}
