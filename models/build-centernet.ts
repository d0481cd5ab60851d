// Builds models/centernet.onnx from the TF.js CenterNet (COCO 80) shipped in @vladmandic/human:
// the graph up to the score map (tower_0/keypoints) and the size map (tower_0/wh); peaks and
// boxes are decoded in JS (analyzer). Writes the ONNX file and its manifest. Idempotent:
// `npx tsx models/build-centernet.ts [--size=384]` (the native 512 by postinstall; other input
// sizes — cheaper, less sharp on small objects — on first analyzer start with ANALYZER_INPUT_SIZE).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { COCO_LABELS } from './centernet/coco-labels.js';
import { loadTfjsGraph } from './centernet/tfjs-graph.js';
import { toOnnx } from './centernet/to-onnx.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const CENTERNET_ONNX = path.join(here, 'centernet.onnx');
export const CENTERNET_MANIFEST = path.join(here, 'centernet.manifest.json');
/** The input the TF.js graph was made for; other sizes (multiples of 32) are built beside it. */
export const CENTERNET_NATIVE_SIZE = 512;

/** Where the model for an input size lives: the native one as before, others with the size in the name. */
export function centernetFiles(size = CENTERNET_NATIVE_SIZE): { onnx: string; manifest: string } {
  if (size === CENTERNET_NATIVE_SIZE) return { onnx: CENTERNET_ONNX, manifest: CENTERNET_MANIFEST };
  return { onnx: path.join(here, `centernet-${size}.onnx`), manifest: path.join(here, `centernet-${size}.manifest.json`) };
}

export function humanModelDir(): string {
  const entry = createRequire(import.meta.url).resolve('@vladmandic/human');
  let dir = path.dirname(entry);
  while (!existsSync(path.join(dir, 'package.json')) || JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).name !== '@vladmandic/human') dir = path.dirname(dir);
  return dir;
}

export function buildCenternet(size = CENTERNET_NATIVE_SIZE): { file: string; manifest: string; sha256: string; built: boolean } {
  if (!Number.isInteger(size) || size % 32 !== 0 || size < 256 || size > 1024) throw new Error(`CenterNet input size must be a multiple of 32 from 256 to 1024, not ${size}`);
  const files = centernetFiles(size);
  const pkgDir = humanModelDir();
  const pkg = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string; license: string };
  const source = path.join(pkgDir, 'models', 'centernet.json');
  const sourceSha = createHash('sha256').update(readFileSync(source)).update(readFileSync(path.join(pkgDir, 'models', 'centernet.bin'))).digest('hex');
  if (existsSync(files.onnx) && existsSync(files.manifest)) {
    const m = JSON.parse(readFileSync(files.manifest, 'utf8')) as { source: { sha256: string }; sha256: string };
    if (m.source.sha256 === sourceSha) return { file: files.onnx, manifest: files.manifest, sha256: m.sha256, built: false };
  }
  const { nodes, weights } = loadTfjsGraph(source);
  const bytes = toOnnx({
    nodes,
    weights,
    input: 'tower_0/images',
    inputShape: [1, size, size, 3],
    graphInputSize: [CENTERNET_NATIVE_SIZE, CENTERNET_NATIVE_SIZE],
    outputs: [
      { tf: 'tower_0/keypoints', name: 'keypoints' },
      { tf: 'tower_0/wh', name: 'wh' },
    ],
    producer: 'vigil models/build-centernet.ts',
  });
  mkdirSync(here, { recursive: true });
  // Whole files only (two worker threads may build the same size at once): write aside, then rename.
  const writeWhole = (file: string, data: string | Uint8Array) => {
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  };
  writeWhole(files.onnx, bytes);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const grid = size / 4;
  writeWhole(
    files.manifest,
    `${JSON.stringify(
      {
        name: 'centernet-mobilenetv3-coco',
        version: size === CENTERNET_NATIVE_SIZE ? `human-${pkg.version}` : `human-${pkg.version}@${size}`,
        file: path.basename(files.onnx),
        sha256,
        input: { name: 'input', shape: [1, size, size, 3], layout: 'NHWC', range: '0-255 RGB float32' },
        outputs: { keypoints: [1, grid, grid, 80], wh: [1, grid, grid, 4] },
        decode: '3x3 max-peak on keypoints, top 100; box = (x*4 - wh0, y*4 - wh1, x*4 + wh2, y*4 + wh3) in input pixels',
        labels: COCO_LABELS,
        source: { package: '@vladmandic/human', version: pkg.version, files: ['models/centernet.json', 'models/centernet.bin'], sha256: sourceSha, upstream: 'https://github.com/610265158/mobilenetv3_centernet' },
        licence: `${pkg.license} (@vladmandic/human); model weights as distributed in that package`,
        cannotDetect: ['rodents (no COCO class)', 'masks', 'hats', 'smoking'],
      },
      null,
      2,
    )}\n`,
  );
  return { file: files.onnx, manifest: files.manifest, sha256, built: true };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = performance.now();
  const sizeArg = process.argv.find((a) => a.startsWith('--size='));
  const r = buildCenternet(sizeArg ? Number(sizeArg.slice(7)) : CENTERNET_NATIVE_SIZE);
  process.stdout.write(`${r.built ? 'built' : 'up to date'}: ${path.relative(process.cwd(), r.file)} sha256 ${r.sha256} (${Math.round(performance.now() - t0)} ms)\n`);
}
