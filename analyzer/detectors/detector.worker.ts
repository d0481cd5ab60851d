import { parentPort, workerData } from 'node:worker_threads';
import { createInProcessDetector } from './detector-registry.js';
import type { Detection } from './detector.js';

/** Messages between the analyzer's main thread and a detector worker. */
export type WorkerRequest = { id: number; width: number; height: number; rgb: ArrayBuffer; minScore?: number };
export type WorkerReply =
  | { kind: 'ready'; model: { name: string; version: string; sha256: string } }
  | { kind: 'failed'; error: string }
  | { kind: 'result'; id: number; detections: Detection[] }
  | { kind: 'error'; id: number; error: string };

const { type, threads, inputSize } = workerData as { type: string; threads: number; inputSize?: number };
const port = parentPort!;
const send = (m: WorkerReply) => port.postMessage(m);
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

try {
  const detector = createInProcessDetector(type, { threads, inputSize });
  await detector.load();
  port.on('message', (req: WorkerRequest) => {
    detector
      .detect({ width: req.width, height: req.height, rgb: new Uint8Array(req.rgb) }, req.minScore)
      .then((detections) => send({ kind: 'result', id: req.id, detections }))
      .catch((err: unknown) => send({ kind: 'error', id: req.id, error: message(err) }));
  });
  send({ kind: 'ready', model: { ...detector.model } });
} catch (err) {
  send({ kind: 'failed', error: message(err) });
}
