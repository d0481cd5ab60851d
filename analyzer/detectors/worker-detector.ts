import { Worker } from 'node:worker_threads';
import type { Logger } from '../../core/log.js';
import type { Detection, Detector, Frame } from './detector.js';
import type { WorkerReply, WorkerRequest } from './detector.worker.js';

type Job = { frame: Frame; minScore?: number; resolve: (d: Detection[]) => void; reject: (e: unknown) => void };
type Slot = { worker: Worker; busy: (Job & { id: number }) | null; ready: boolean };

/**
 * The model in worker threads: onnxruntime-node's run() blocks the thread it is called on (it is
 * synchronous under its promise), so in the main thread every inference would stall the frame
 * pipes, tamper checks and database writes of every camera, and two sessions could never run at
 * once. Each worker holds its own session; `detect` hands a copy of the pixels to an idle worker.
 * A worker that dies fails its frame (never the process) and is replaced.
 */
export function createWorkerDetector(type: string, opts: { threads: number; inputSize?: number; workers: number; log?: Logger }): Detector & { concurrency: number } {
  const model = { name: '', version: '', sha256: '' };
  const slots: Slot[] = [];
  const queue: Job[] = [];
  let nextId = 1;
  let closed = false;
  let loaded = false;
  let restarts = 0;

  const dispatch = () => {
    for (const slot of slots) {
      if (!slot.ready || slot.busy || !queue.length) continue;
      const job = { ...queue.shift()!, id: nextId++ };
      slot.busy = job;
      // A copy: the caller keeps its frame (snapshots are drawn from it later).
      const rgb = job.frame.rgb.slice().buffer;
      const req: WorkerRequest = { id: job.id, width: job.frame.width, height: job.frame.height, rgb, minScore: job.minScore };
      slot.worker.postMessage(req, [rgb]);
    }
  };

  const spawn = (index: number) =>
    new Promise<void>((resolve, reject) => {
      const worker = new Worker(new URL('./detector.worker.mjs', import.meta.url), { workerData: { type, threads: opts.threads, inputSize: opts.inputSize }, name: `detector-${index}` });
      const slot: Slot = { worker, busy: null, ready: false };
      slots[index] = slot;
      worker.on('message', (m: WorkerReply) => {
        if (m.kind === 'ready') {
          Object.assign(model, m.model);
          slot.ready = true;
          resolve();
        } else if (m.kind === 'failed') {
          reject(new Error(`detector worker failed to load: ${m.error}`));
        } else if (slot.busy && slot.busy.id === m.id) {
          const job = slot.busy;
          slot.busy = null;
          if (m.kind === 'result') job.resolve(m.detections);
          else job.reject(new Error(m.error));
        }
        dispatch();
      });
      worker.on('error', (err) => opts.log?.error({ err, worker: index }, 'detector worker error'));
      worker.on('exit', (code) => {
        const wasReady = slot.ready;
        const job = slot.busy;
        slot.busy = null;
        slot.ready = false;
        job?.reject(new Error(`detector worker exited (${code})`));
        if (!wasReady) return reject(new Error(`detector worker exited (${code}) before it was ready`));
        if (closed || slots[index] !== slot) return;
        // Replace a worker that died in service (backing off if it keeps dying); frames wait meanwhile.
        restarts++;
        opts.log?.warn({ worker: index, code, restarts }, 'detector worker exited; starting another');
        const retry = () => void spawn(index).then(dispatch, (err: unknown) => (opts.log?.error({ err, worker: index }, 'detector worker could not restart'), setTimeout(retry, 30_000).unref()));
        setTimeout(retry, Math.min(30_000, 500 * 2 ** Math.min(restarts, 6))).unref();
      });
    });

  return {
    model,
    concurrency: opts.workers,
    async load() {
      await Promise.all(Array.from({ length: opts.workers }, (_, i) => spawn(i)));
      loaded = true;
    },
    detect(frame, minScore) {
      if (closed) return Promise.reject(new Error('detector closed'));
      if (!loaded) return Promise.reject(new Error('detector not loaded'));
      return new Promise<Detection[]>((resolve, reject) => {
        queue.push({ frame, minScore, resolve, reject });
        dispatch();
      });
    },
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.reject(new Error('detector closed'));
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
