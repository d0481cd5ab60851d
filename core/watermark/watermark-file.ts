import type { Readable } from 'node:stream';
import { burnImage, burnVideo } from './burn-media.js';
import { stampPdf } from './stamp-pdf.js';
import type { Watermark } from './watermark-text.js';

/**
 * The one entry point for a watermarked copy of a record, for the export routes here and for the
 * records read path (api/records, its `transform` hook for exports): a file or a stream in, a
 * file out, the original untouched.
 *
 *   const w = watermarkText({ viewerName, account, at: new Date(), reference, exportId: newExportId() });
 *   await watermarkFile('clip', { input: await blobs.get(sha256), output, watermark: w, fontFile: cjkFontFile() });
 *   // then hash `output` and log it: api/watermark/export.service.ts recordExport()
 *
 * Kinds: 'clip' (any video ffmpeg reads → MP4), 'snapshot' (any picture → JPEG), 'pdf' (→ a stamped
 * copy; `original` is then required: its SHA-256 and where it is verified).
 */
export type WatermarkKind = 'clip' | 'snapshot' | 'pdf';

export type WatermarkFileOptions = {
  input: string | Readable;
  output: string;
  watermark: Watermark;
  fontFile: string;
  ffmpegPath?: string;
  /** Clips: the share of the copy made, 0..1, as ffmpeg goes. */
  onProgress?: (fraction: number) => void;
  original?: { sha256: string; verifyUrl: string | null; title: string };
};

export const WATERMARK_MEDIA_TYPE: Record<WatermarkKind, { mediaType: string; ext: string }> = {
  clip: { mediaType: 'video/mp4', ext: 'mp4' },
  snapshot: { mediaType: 'image/jpeg', ext: 'jpg' },
  pdf: { mediaType: 'application/pdf', ext: 'pdf' },
};

export async function watermarkFile(kind: WatermarkKind, o: WatermarkFileOptions): Promise<void> {
  const comment = `Vigil export ${o.watermark.lines.at(-1) ?? ''}`;
  if (kind === 'clip') return burnVideo({ ...o, comment });
  if (kind === 'snapshot') return burnImage({ ...o, comment });
  if (!o.original) throw new Error('a PDF copy needs the original it copies (sha256, verify URL, title)');
  return stampPdf({ input: o.input, output: o.output, watermark: o.watermark, fontFile: o.fontFile, original: o.original });
}
