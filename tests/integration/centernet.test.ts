import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCenternetDetector } from '../../analyzer/detectors/centernet.detector.js';
import { createDetector } from '../../analyzer/detectors/detector-registry.js';
import type { Frame } from '../../analyzer/detectors/detector.js';
import { buildCenternet, humanModelDir } from '../../models/build-centernet.js';

// The converted ONNX model against the TF.js original on real images, and what it sees in
// real stills from Debian's darknet package (no one here made them).
const DARKNET = '/usr/share/darknet/data';
const still = (name: string): Frame => {
  const file = path.join(DARKNET, name);
  const probe = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', file]).toString().trim().split(',').map(Number);
  const rgb = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: 64 * 1024 * 1024 });
  return { width: probe[0], height: probe[1], rgb: new Uint8Array(rgb) };
};
const detector = createCenternetDetector({ threads: 2 });

beforeAll(async () => {
  buildCenternet();
  await detector.load();
});
afterAll(() => detector.close());

describe('CenterNet ONNX', () => {
  it('matches the TF.js original on a real photo (scores within 1e-5, sizes within 0.01 px)', async () => {
    const rgb = execFileSync('ffmpeg', ['-v', 'error', '-i', path.join(DARKNET, 'person.jpg'), '-vf', 'scale=512:512', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-']);
    const input = Float32Array.from(rgb);
    const session = await ort.InferenceSession.create(buildCenternet().file);
    const r = await session.run({ input: new ort.Tensor('float32', input, [1, 512, 512, 3]) });
    await session.release();
    const dir = path.join(humanModelDir(), 'models');
    await tf.setBackend('cpu');
    const model = await tf.loadGraphModel({
      load: async () => {
        const json = JSON.parse(readFileSync(path.join(dir, 'centernet.json'), 'utf8'));
        const bin = readFileSync(path.join(dir, 'centernet.bin'));
        return { modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength), format: json.format };
      },
    });
    const [kp, wh] = (await model.executeAsync(tf.tensor(input, [1, 512, 512, 3]), ['tower_0/keypoints', 'tower_0/wh'])) as tf.Tensor[];
    const a = kp.dataSync();
    const b = wh.dataSync();
    const onnxKp = r.keypoints.data as Float32Array;
    const onnxWh = r.wh.data as Float32Array;
    let dk = 0;
    let dw = 0;
    for (let i = 0; i < a.length; i++) dk = Math.max(dk, Math.abs(a[i] - onnxKp[i]));
    for (let i = 0; i < b.length; i++) dw = Math.max(dw, Math.abs(b[i] - onnxWh[i]));
    expect(a.length).toBe(onnxKp.length);
    expect(dk).toBeLessThan(1e-5);
    expect(dw).toBeLessThan(0.01);
  }, 120_000);

  it('finds the person and the dog in darknet person.jpg, horses in horses.jpg, a bird and no person in eagle.jpg', async () => {
    expect(existsSync(DARKNET)).toBe(true);
    const labels = (await detector.detect(still('person.jpg'), 0.35)).map((d) => d.label);
    expect(labels).toEqual(expect.arrayContaining(['person', 'dog']));
    expect((await detector.detect(still('horses.jpg'), 0.35)).map((d) => d.label)).toContain('horse');
    const eagle = (await detector.detect(still('eagle.jpg'), 0.35)).map((d) => d.label);
    expect(eagle).toContain('bird');
    expect(eagle).not.toContain('person');
  });

  it('a smaller input (384) builds beside the native model with its own manifest, and still finds the large objects', async () => {
    const small = createCenternetDetector({ threads: 1, inputSize: 384 });
    await small.load();
    try {
      const built = buildCenternet(384);
      expect(built.file).not.toBe(buildCenternet().file);
      const manifest = JSON.parse(readFileSync(built.manifest, 'utf8')) as { sha256: string; version: string; input: { shape: number[] }; outputs: { keypoints: number[] } };
      expect(manifest.input.shape).toEqual([1, 384, 384, 3]);
      expect(manifest.outputs.keypoints).toEqual([1, 96, 96, 80]);
      expect(small.model).toMatchObject({ sha256: built.sha256, version: manifest.version });
      expect(small.model.sha256).not.toBe(detector.model.sha256);
      const person = await small.detect(still('person.jpg'), 0.35);
      expect(person.map((d) => d.label)).toEqual(expect.arrayContaining(['person', 'dog']));
      // The boxes land where the native model puts them (same objects, coarser grid).
      const native = await detector.detect(still('person.jpg'), 0.35);
      for (const label of ['person', 'dog']) {
        const a = person.find((d) => d.label === label)!.box;
        const b = native.find((d) => d.label === label)!.box;
        const iou = (Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0])) * Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]))) / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0])) * Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1])));
        expect(iou, label).toBeGreaterThan(0.7);
      }
      expect(() => buildCenternet(500)).toThrow(/multiple of 32/);
    } finally {
      await small.close();
    }
  }, 60_000);

  it('in worker threads, as the analyzer runs it, the answers are the same, the main thread’s event loop keeps turning during a detection, and the caller keeps its pixels', async () => {
    const pooled = createDetector('centernet', { threads: 1, workers: 2 });
    await pooled.load();
    try {
      expect(pooled.model).toMatchObject({ name: detector.model.name, sha256: detector.model.sha256 });
      const frames = [still('person.jpg'), still('horses.jpg'), still('eagle.jpg')];
      const copies = frames.map((f) => Buffer.from(f.rgb));
      // The main thread's event loop keeps turning while a detection is in flight (counted in
      // turns, not milliseconds: a busy machine changes how long, not whether). In the thread, as
      // with ANALYZER_WORKERS=0, onnxruntime-node's run() blocks it for the whole inference.
      // (The stall in milliseconds, workers against in-thread: bench/detector.bench.ts.)
      const turnsDuring = async (fn: () => Promise<unknown>) => {
        let turns = 0;
        let spinning = true;
        const spin = () => {
          if (!spinning) return;
          turns++;
          setImmediate(spin);
        };
        setImmediate(spin);
        await fn();
        spinning = false;
        return turns;
      };
      const direct: unknown[] = [];
      const turnsInThread = await turnsDuring(async () => {
        for (const f of frames) direct.push(await detector.detect(f, 0.3));
      });
      const turnsWithOneInWorker = await turnsDuring(() => pooled.detect(frames[0], 0.3));
      const inWorkers = await Promise.all([...frames, ...frames].map((f) => pooled.detect(f, 0.3)));
      expect(inWorkers).toEqual([...direct, ...direct]);
      frames.forEach((f, i) => expect(Buffer.from(f.rgb).equals(copies[i])).toBe(true));
      expect(turnsWithOneInWorker, `event-loop turns during 3 detections in the thread: ${turnsInThread}`).toBeGreaterThanOrEqual(10);
    } finally {
      await pooled.close();
    }
    await expect(pooled.detect(still('eagle.jpg'))).rejects.toThrow('closed');
  }, 60_000);
});
