import type { Gray } from './luma.js';

/**
 * What a camera normally sees: a `width`×`height` grey thumbnail (`signature`, one byte a cell,
 * see SIGNATURE_WIDTH in tamper-metrics.ts) and the picture's usual sharpness (tamper-metrics
 * `sharpness`, a contrast-free ratio).
 */
export type ReferenceScene = { signature: Buffer; width: number; height: number; sharpness: number };

// Stored in device_reference_scenes.signature (bytea): magic, version, size, sharpness, cells.
const MAGIC = 'VTS';
const VERSION = 1;
const HEADER = 16;

export function encodeReference(r: ReferenceScene): Buffer {
  if (r.signature.length !== r.width * r.height) throw new Error(`reference: ${r.signature.length} bytes for ${r.width}×${r.height}`);
  const b = Buffer.alloc(HEADER + r.signature.length);
  b.write(MAGIC, 0, 'latin1');
  b.writeUInt8(VERSION, 3);
  b.writeUInt16LE(r.width, 4);
  b.writeUInt16LE(r.height, 6);
  b.writeDoubleLE(r.sharpness, 8);
  r.signature.copy(b, HEADER);
  return b;
}

export function decodeReference(b: Buffer): ReferenceScene {
  if (b.length < HEADER || b.toString('latin1', 0, 3) !== MAGIC) throw new Error('reference: not an encoded reference scene');
  if (b.readUInt8(3) !== VERSION) throw new Error(`reference: unknown version ${b.readUInt8(3)}`);
  const width = b.readUInt16LE(4);
  const height = b.readUInt16LE(6);
  const sharpness = b.readDoubleLE(8);
  if (width === 0 || height === 0 || b.length !== HEADER + width * height || !Number.isFinite(sharpness)) {
    throw new Error(`reference: ${b.length} bytes do not hold a ${width}×${height} signature`);
  }
  return { signature: Buffer.from(b.subarray(HEADER)), width, height, sharpness };
}

export function referenceGray(r: ReferenceScene): Gray {
  return { width: r.width, height: r.height, data: new Uint8Array(r.signature.buffer, r.signature.byteOffset, r.signature.length) };
}

/**
 * A reference from the thumbnails and sharpness figures seen while learning: the per-cell median,
 * so a person who crossed the picture during part of the time is left out of the scene.
 */
export function medianReference(thumbs: Gray[], sharpnesses: number[]): ReferenceScene {
  const { width, height } = thumbs[0];
  const signature = Buffer.alloc(width * height);
  const column = new Array<number>(thumbs.length);
  for (let i = 0; i < signature.length; i++) {
    for (let k = 0; k < thumbs.length; k++) column[k] = thumbs[k].data[i];
    signature[i] = Math.round(median(column));
  }
  return { signature, width, height, sharpness: median([...sharpnesses]) };
}

function median(xs: number[]): number {
  xs.sort((a, b) => a - b);
  const m = xs.length >> 1;
  return xs.length % 2 ? xs[m] : (xs[m - 1] + xs[m]) / 2;
}
