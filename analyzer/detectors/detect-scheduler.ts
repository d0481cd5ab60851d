import type { Detection, Detector, Frame } from './detector.js';

export type DetectScheduler = {
  /**
   * Queues a camera's frame for detection. Latest wins: a frame still waiting when the same
   * camera sends a newer one resolves with null (dropped), so a slow model never builds a
   * backlog of stale pictures.
   */
  detect(cameraId: string, frame: Frame): Promise<Detection[] | null>;
  stats(): { inferences: number; dropped: number; busyMs: number; queued: number };
};

/** One model, shared fairly by every camera of this process: cameras are served round-robin. */
export function createDetectScheduler(detector: Detector, minScore = 0.25): DetectScheduler {
  const waiting = new Map<string, { frame: Frame; resolve: (d: Detection[] | null) => void; reject: (e: unknown) => void }>();
  let running = false;
  let inferences = 0;
  let dropped = 0;
  let busyMs = 0;
  const pump = async () => {
    if (running) return;
    running = true;
    try {
      while (waiting.size) {
        // Map iteration order is insertion order: the longest-waiting camera goes first.
        const [cameraId, job] = waiting.entries().next().value!;
        waiting.delete(cameraId);
        const t0 = performance.now();
        try {
          job.resolve(await detector.detect(job.frame, minScore));
        } catch (err) {
          job.reject(err);
        }
        busyMs += performance.now() - t0;
        inferences++;
      }
    } finally {
      running = false;
    }
  };
  return {
    detect(cameraId, frame) {
      return new Promise((resolve, reject) => {
        const prev = waiting.get(cameraId);
        if (prev) {
          dropped++;
          waiting.delete(cameraId);
          prev.resolve(null);
        }
        waiting.set(cameraId, { frame, resolve, reject });
        void pump();
      });
    },
    stats: () => ({ inferences, dropped, busyMs: Math.round(busyMs), queued: waiting.size }),
  };
}
