import { AppError } from '../../core/errors.js';
import { assertDrawablePng } from '../documents/signature-png.js';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Decodes and checks a drawn signature sent as a PNG data URL: a real PNG (magic, IHDR first)
 * of sensible size. Anything else is a validation error naming the field.
 */
export function decodeSignaturePng(dataUrl: string): Buffer {
  const bad = () => new AppError('validation_failed', '', [{ path: ['signaturePng'], message: 'consent.signature_invalid' }]);
  const comma = dataUrl.indexOf(',');
  if (comma < 0) throw bad();
  const png = Buffer.from(dataUrl.slice(comma + 1), 'base64');
  if (png.length < 67 || png.length > 200_000 || !png.subarray(0, 8).equals(PNG_MAGIC)) throw bad();
  if (png.toString('latin1', 12, 16) !== 'IHDR') throw bad();
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  if (width < 60 || height < 20 || width > 4000 || height > 2000) throw bad();
  if (png.toString('latin1', png.length - 8, png.length - 4) !== 'IEND') throw bad();
  // Every chunk, checksum and row decoded now: corrupt pixel data would otherwise fail inside
  // pdfkit's zlib callback, out of reach of any try/catch.
  try {
    assertDrawablePng(png);
  } catch {
    throw bad();
  }
  return png;
}
