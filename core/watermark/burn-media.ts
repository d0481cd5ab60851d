import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { tilePattern, type Watermark } from './watermark-text.js';

/**
 * Burns a watermark into a video clip or a still picture with ffmpeg's drawtext (libfreetype) and
 * the platform's CJK font (Noto Sans Hans, the file the PDFs embed). Two layers:
 *  - tiles: the one-line text repeated in shifted rows over the whole frame, translucent, so a
 *    crop leaves copies whole and the picture stays readable;
 *  - a caption: the lines, legible, on a dark box in the lower-left corner.
 * Video is re-encoded (libx264 ultrafast, CRF 23 capped at 4 Mbps; audio copied as it is); a picture becomes a JPEG.
 * The original is only read: input is a file path or a stream (spooled to a temp file, since an
 * MP4 needs seeking); output is a file the caller owns.
 */
const run = promisify(execFile);

export type BurnOptions = {
  input: string | Readable;
  output: string;
  watermark: Watermark;
  /** The CJK font file (api/documents/pdf-fonts.ts cjkFontDir() + NotoSansHans-Regular.otf). */
  fontFile: string;
  ffmpegPath?: string;
  /** Comment written into the file's metadata (the export id), where the container has one. */
  comment?: string;
};

/** A scratch folder holding the text files and a plainly named link to the font (filter-safe paths). */
async function scratch(o: BurnOptions) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'vigil-wm-'));
  const font = path.join(dir, 'font.otf');
  await symlink(path.resolve(o.fontFile), font);
  await writeFile(path.join(dir, 'tiles.txt'), tilePattern(o.watermark.text));
  await writeFile(path.join(dir, 'caption.txt'), o.watermark.lines.join('\n'));
  let input: string;
  if (typeof o.input === 'string') input = o.input;
  else {
    input = path.join(dir, 'input');
    await pipeline(o.input, createWriteStream(input));
  }
  return { dir, font, input };
}

/** The drawtext filters (paths come from mkdtemp: no characters the filter syntax would read). */
export function watermarkFilter(dir: string): string {
  const font = path.join(dir, 'font.otf');
  if (!/^[\w/.-]+$/.test(dir)) throw new Error(`unsafe scratch folder for a filter: ${dir}`);
  const tiles = `drawtext=fontfile=${font}:textfile=${path.join(dir, 'tiles.txt')}:expansion=none:fontsize=h/34:fontcolor=white@0.30:shadowcolor=black@0.30:shadowx=1:shadowy=1:x=-w/20:y=h/40`;
  const caption = `drawtext=fontfile=${font}:textfile=${path.join(dir, 'caption.txt')}:expansion=none:fontsize=h/40:fontcolor=white:box=1:boxcolor=black@0.55:boxborderw=6:line_spacing=4:x=12:y=h-th-12`;
  return `${tiles},${caption}`;
}

async function ffmpeg(o: BurnOptions, args: (s: { dir: string; input: string }) => string[]): Promise<void> {
  const s = await scratch(o);
  try {
    await run(o.ffmpegPath ?? 'ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', ...args(s)], { maxBuffer: 1 << 20 });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr?.trim();
    throw new Error(`watermarking failed: ${stderr || (err as Error).message}`);
  } finally {
    await rm(s.dir, { recursive: true, force: true });
  }
}

/** An MP4 of the clip with the watermark burned into every frame; audio copied. */
export async function burnVideo(o: BurnOptions): Promise<void> {
  await ffmpeg(o, (s) => [
    '-i', s.input,
    '-map', '0:v:0', '-map', '0:a?',
    '-vf', watermarkFilter(s.dir),
    // CRF 23 capped at 4 Mbps: ultrafast alone made a 60 s 720p copy 3.5× its original (54 MB for 15.6 MB) at no gain in speed.
    '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '23', '-maxrate', '4M', '-bufsize', '8M', '-pix_fmt', 'yuv420p',
    '-c:a', 'copy',
    '-metadata', `comment=${o.comment ?? ''}`,
    '-movflags', '+faststart', '-f', 'mp4', o.output,
  ]);
}

/** A JPEG of the picture (its first frame) with the watermark burned in. */
export async function burnImage(o: BurnOptions): Promise<void> {
  await ffmpeg(o, (s) => ['-i', s.input, '-frames:v', '1', '-vf', watermarkFilter(s.dir), '-q:v', '3', '-f', 'image2', '-c:v', 'mjpeg', o.output]);
}
