import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { buildCenternet, CENTERNET_NATIVE_SIZE } from '../../models/build-centernet.js';
import { decodeCenternet } from './centernet.decode.js';
import type { Detection, Detector, Frame } from './detector.js';

/** Nearest-neighbour resize of RGB24 into the model's square float input (0–255, NHWC). */
export function toModelInput(frame: Frame, INPUT = CENTERNET_NATIVE_SIZE): Float32Array {
  const out = new Float32Array(INPUT * INPUT * 3);
  for (let y = 0; y < INPUT; y++) {
    const sy = Math.min(frame.height - 1, Math.floor(((y + 0.5) * frame.height) / INPUT));
    for (let x = 0; x < INPUT; x++) {
      const sx = Math.min(frame.width - 1, Math.floor(((x + 0.5) * frame.width) / INPUT));
      const s = (sy * frame.width + sx) * 3;
      const d = (y * INPUT + x) * 3;
      out[d] = frame.rgb[s];
      out[d + 1] = frame.rgb[s + 1];
      out[d + 2] = frame.rgb[s + 2];
    }
  }
  return out;
}

/**
 * CenterNet (COCO 80) through onnxruntime-node on the CPU. `inputSize` (multiple of 32, default
 * the native 512): smaller is cheaper (384 costs under half) and less sharp on small objects.
 */
export function createCenternetDetector(opts: { threads?: number; inputSize?: number } = {}): Detector {
  const INPUT = opts.inputSize ?? CENTERNET_NATIVE_SIZE;
  let session: ort.InferenceSession | null = null;
  const model = { name: 'centernet-mobilenetv3-coco', version: '', sha256: '' };
  return {
    model,
    async load() {
      const built = buildCenternet(INPUT);
      const manifest = JSON.parse(readFileSync(built.manifest, 'utf8')) as { version: string; sha256: string };
      Object.assign(model, { version: manifest.version, sha256: manifest.sha256 });
      session = await ort.InferenceSession.create(built.file, { intraOpNumThreads: opts.threads ?? 1, executionProviders: ['cpu'] });
    },
    async detect(frame: Frame, minScore = 0.3): Promise<Detection[]> {
      if (!session) throw new Error('detector not loaded');
      const out = await session.run({ input: new ort.Tensor('float32', toModelInput(frame, INPUT), [1, INPUT, INPUT, 3]) });
      return decodeCenternet(out.keypoints.data as Float32Array, out.wh.data as Float32Array, { size: INPUT / 4, minScore, frameWidth: frame.width, frameHeight: frame.height });
    },
    async close() {
      await session?.release();
      session = null;
    },
  };
}
