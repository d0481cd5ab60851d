import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCenternetDetector } from '../../analyzer/detectors/centernet.detector.js';
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
});
