import type { Detection, Detector, Frame } from './detector.js';

export type DetectScheduler = {
  /**
   * Queues a camera's frame for detection. Latest wins: a frame still waiting when the same
   * camera sends a newer one resolves with null (dropped), so a slow model never builds a
   * backlog of stale pictures.
   */
  detect(cameraId: string, frame: Frame): Promise<Detection[] | null>;
  stats(): { inferences: number; dropped: number; busyMs: number; queued: number; running: number };
};

/**
 * One model, shared fairly by every camera of this process: cameras are served round-robin, up
 * to `concurrency` frames at once (one per detector worker), never two of the same camera.
 */
export function createDetectScheduler(detector: Detector & { concurrency?: number }, minScore = 0.25): DetectScheduler {
  const concurrency = Math.max(1, detector.concurrency ?? 1);
  const waiting = new Map<string, { frame: Frame; resolve: (d: Detection[] | null) => void; reject: (e: unknown) => void }>();
  const inFlight = new Set<string>();
  let inferences = 0;
  let dropped = 0;
  let busyMs = 0;
  const pump = () => {
    // Map iteration order is insertion order: the longest-waiting camera goes first; a camera
    // whose previous frame is still in the model waits for it (its answers stay in order).
    for (const [cameraId, job] of waiting) {
      if (inFlight.size >= concurrency) return;
      if (inFlight.has(cameraId)) continue;
      waiting.delete(cameraId);
      inFlight.add(cameraId);
      const t0 = performance.now();
      const done = () => {
        busyMs += performance.now() - t0;
        inferences++;
        inFlight.delete(cameraId);
        queueMicrotask(pump);
      };
      detector.detect(job.frame, minScore).then(
        (d) => (done(), job.resolve(d)),
        (err: unknown) => (done(), job.reject(err)),
      );
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
        pump();
      });
    },
    stats: () => ({ inferences, dropped, busyMs: Math.round(busyMs), queued: waiting.size, running: inFlight.size }),
  };
}
