import { crc32, inflateSync } from 'node:zlib';

/**
 * A full check of a PNG before it is handed to pdfkit. pdfkit reads PNGs with png-js, which is
 * not safe on bad input:
 *  - a chunk length with the top bit set reads as negative, and its chunk loop never ends;
 *  - for PNGs with an alpha channel (what a browser canvas exports), a palette with
 *    transparency, or Adam7 interlacing, it inflates the pixels asynchronously and *throws
 *    inside the zlib callback* on corrupt data or a bad row filter: an uncaught exception that
 *    ends the process, and the document never finishes.
 * So every chunk is walked with bounds and CRC checks, and the pixel data is inflated and its
 * row filters read here, synchronously, where a failure is an ordinary Error.
 */

const MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Samples per pixel and the bit depths the PNG spec allows, by colour type. */
const FORMATS: Record<number, { channels: number; depths: number[] }> = {
  0: { channels: 1, depths: [1, 2, 4, 8, 16] },
  2: { channels: 3, depths: [8, 16] },
  3: { channels: 1, depths: [1, 2, 4, 8] },
  4: { channels: 2, depths: [8, 16] },
  6: { channels: 4, depths: [8, 16] },
};
const MAX_SIDE = 4096;
const MAX_BYTES = 5 * 1024 * 1024;

type Header = { width: number; height: number; depth: number; colorType: number; interlace: number };

function invalid(why: string): Error {
  return new Error(`signature image is not a usable PNG: ${why}`);
}

/** Walks the chunks: IHDR first, CRCs right, IEND last. Returns the header and the image data. */
function readChunks(png: Buffer): { header: Header; hasPalette: boolean; data: Buffer } {
  let header: Header | null = null;
  let hasPalette = false;
  let ended = false;
  const idat: Buffer[] = [];
  for (let pos = MAGIC.length; pos < png.length; ) {
    if (ended) throw invalid('data after IEND');
    if (pos + 12 > png.length) throw invalid('truncated chunk');
    const size = png.readUInt32BE(pos);
    const type = png.toString('latin1', pos + 4, pos + 8);
    if (!/^[A-Za-z]{4}$/.test(type)) throw invalid('bad chunk type');
    if (size > png.length - pos - 12) throw invalid(`truncated ${type} chunk`);
    const typeAndData = png.subarray(pos + 4, pos + 8 + size);
    if (crc32(typeAndData) !== png.readUInt32BE(pos + 8 + size)) throw invalid(`bad CRC in ${type}`);
    const data = typeAndData.subarray(4);
    if (!header && type !== 'IHDR') throw invalid('IHDR is not the first chunk');
    if (type === 'IHDR') {
      if (header || size !== 13) throw invalid('bad IHDR');
      if (data[10] !== 0 || data[11] !== 0) throw invalid('unknown compression or filter method');
      header = { width: data.readUInt32BE(0), height: data.readUInt32BE(4), depth: data[8], colorType: data[9], interlace: data[12] };
    } else if (type === 'PLTE') hasPalette = true;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') ended = true;
    pos += 12 + size;
  }
  if (!header || !ended || idat.length === 0) throw invalid('IHDR, IDAT or IEND missing');
  return { header, hasPalette, data: Buffer.concat(idat) };
}

/**
 * Throws an Error unless `png` is a PNG that pdfkit can draw without failing later:
 * well-formed chunks, a sensible size (≤ 4096 px a side), a standard non-interlaced format,
 * pixel data that inflates to exactly the expected length, and valid row filters.
 */
export function assertDrawablePng(png: Buffer): void {
  if (!Buffer.isBuffer(png) || png.length < 57 || !png.subarray(0, 8).equals(MAGIC)) throw invalid('no PNG signature');
  if (png.length > MAX_BYTES) throw invalid(`larger than ${MAX_BYTES} bytes`);
  const { header: h, hasPalette, data } = readChunks(png);
  const format = FORMATS[h.colorType];
  if (!format || !format.depths.includes(h.depth)) throw invalid(`unsupported colour type ${h.colorType} at ${h.depth} bits`);
  if (h.width < 1 || h.height < 1 || h.width > MAX_SIDE || h.height > MAX_SIDE) throw invalid(`size ${h.width}×${h.height}`);
  if (h.interlace !== 0) throw invalid('interlaced PNGs are not supported');
  if (h.colorType === 3 && !hasPalette) throw invalid('palette missing');
  const stride = Math.ceil((h.width * h.depth * format.channels) / 8);
  const expected = h.height * (stride + 1);
  let pixels: Buffer;
  try {
    pixels = inflateSync(data, { maxOutputLength: expected + 1 });
  } catch {
    throw invalid('corrupt image data');
  }
  if (pixels.length !== expected) throw invalid('image data of the wrong length');
  for (let row = 0; row < h.height; row++) {
    if (pixels[row * (stride + 1)] > 4) throw invalid(`bad filter on row ${row}`);
  }
}
