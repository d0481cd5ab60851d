import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { tilePattern, type Watermark } from './watermark-text.js';

/**
 * Burns a watermark into a video clip or a still picture with ffmpeg's drawtext (libfreetype) and
 * the platform's CJK font (Noto Sans Hans, the file the PDFs embed). Two layers:
 *  - tiles: the one-line text repeated in shifted rows over the whole frame, translucent, so a
 *    crop leaves copies whole and the picture stays readable;
 *  - a caption: the lines, legible, on a dark box in the lower-left corner.
 * A picture gets both drawn on it and becomes a JPEG. A clip gets them drawn ONCE, at the clip's
 * size, on a transparent picture (PNG) that is then laid over every frame (`overlay`): drawing the
 * text with freetype on each of 1500 frames cost more than the encoding (bench/watermark-clip.bench.ts).
 * Video is re-encoded (libx264 ultrafast, CRF 23 capped at 4 Mbps, same size and frame rate; audio
 * copied as it is). The original is only read: input is a file path or a stream (spooled to a temp
 * file, since an MP4 needs seeking); output is a file the caller owns.
 */
export type BurnOptions = {
  input: string | Readable;
  output: string;
  watermark: Watermark;
  /** The CJK font file (api/documents/pdf-fonts.ts cjkFontDir() + NotoSansHans-Regular.otf). */
  fontFile: string;
  ffmpegPath?: string;
  /** Comment written into the file's metadata (the export id), where the container has one. */
  comment?: string;
  /** Called as the copy is made with the share done, 0..1 (from ffmpeg's -progress: out_time ÷ duration). */
  onProgress?: (fraction: number) => void;
  /** The video encoder's arguments (bench/watermark-clip.bench.ts tries others); CLIP_ENCODER by default. */
  encoder?: readonly string[];
};

/**
 * CRF 23 capped at 4 Mbps: ultrafast alone made a 60 s 720p copy 3.5× its original (54 MB for
 * 15.6 MB) at no gain in speed. -tune zerolatency, -threads 2, -tune fastdecode and CRF 26 measured
 * no faster (bench/watermark-clip.bench.ts); decoding uses 2 threads, the machine's cores.
 */
export const CLIP_ENCODER: readonly string[] = ['-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '23', '-maxrate', '4M', '-bufsize', '8M', '-pix_fmt', 'yuv420p'];

/** A scratch folder holding the text files and a plainly named link to the font (filter-safe paths). */
async function scratch(o: BurnOptions) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'vigil-wm-'));
  if (!/^[\w/.-]+$/.test(dir)) throw new Error(`unsafe scratch folder for a filter: ${dir}`);
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

/**
 * The drawtext filters (paths come from mkdtemp: no characters the filter syntax would read).
 * `layer`: drawn on a transparent picture that is laid over the frames; the tiles are then drawn
 * opaque and made translucent as a whole, which looks as drawing them translucent on the frame does.
 */
export function watermarkFilter(dir: string, layer = false): string {
  const font = path.join(dir, 'font.otf');
  if (!/^[\w/.-]+$/.test(dir)) throw new Error(`unsafe scratch folder for a filter: ${dir}`);
  const tileColours = layer ? 'fontcolor=white:shadowcolor=black' : 'fontcolor=white@0.30:shadowcolor=black@0.30';
  const tiles = `drawtext=fontfile=${font}:textfile=${path.join(dir, 'tiles.txt')}:expansion=none:fontsize=h/34:${tileColours}:shadowx=1:shadowy=1:x=-w/20:y=h/40`;
  const caption = `drawtext=fontfile=${font}:textfile=${path.join(dir, 'caption.txt')}:expansion=none:fontsize=h/40:fontcolor=white:box=1:boxcolor=black@0.55:boxborderw=6:line_spacing=4:x=12:y=h-th-12`;
  return layer ? `${tiles},colorchannelmixer=aa=0.30,${caption}` : `${tiles},${caption}`;
}

/** Runs ffmpeg; `onLine` sees each line of its stdout (the -progress report). Rejects with the tail of stderr. */
function ffmpeg(o: BurnOptions, args: string[], onLine?: (line: string) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(o.ffmpegPath ?? 'ffmpeg', ['-hide_banner', '-nostdin', '-y', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let pending = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr = (stderr + s).slice(-8192)));
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      const lines = (pending + s).split('\n');
      pending = lines.pop() ?? '';
      if (onLine) for (const l of lines) onLine(l.trim());
    });
    child.once('error', (err) => reject(new Error(`watermarking failed: ${err.message}`)));
    child.once('close', (code, signal) => {
      if (code === 0) resolve(stderr);
      else reject(new Error(`watermarking failed: ${lastLines(stderr) || `ffmpeg ended with ${signal ?? code}`}`));
    });
  });
}

/** The last lines of ffmpeg's messages, without its banner of the input's streams. */
function lastLines(stderr: string): string {
  return stderr.trim().split('\n').filter((l) => !/^\s/.test(l) && !/^(Input|Output) #/.test(l)).slice(-3).join('; ');
}

/** The clip's video size and duration, from ffmpeg's report on it (no ffprobe needed beside ffmpeg). */
export async function probeVideo(o: Pick<BurnOptions, 'ffmpegPath'>, input: string): Promise<{ width: number; height: number; seconds: number | null }> {
  const report = await new Promise<string>((resolve, reject) => {
    const child = spawn(o.ffmpegPath ?? 'ffmpeg', ['-hide_banner', '-nostdin', '-i', input], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s).length > 65536 && child.kill());
    child.once('error', (err) => reject(new Error(`watermarking failed: ${err.message}`)));
    child.once('close', () => resolve(stderr)); // exits 1: no output named; the report is what we want
  });
  const size = /Stream #\S+.*?Video: .*?, (\d{2,5})x(\d{2,5})/.exec(report);
  if (!size) throw new Error(`watermarking failed: not a video (${lastLines(report) || 'no video stream'})`);
  const d = /Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)/.exec(report);
  const seconds = d ? Number(d[1]) * 3600 + Number(d[2]) * 60 + Number(d[3]) : null;
  return { width: Number(size[1]), height: Number(size[2]), seconds: seconds && seconds > 0 ? seconds : null };
}

/** An MP4 of the clip with the watermark burned into every frame (same size and frame rate); audio copied. */
export async function burnVideo(o: BurnOptions): Promise<void> {
  const s = await scratch(o);
  try {
    const { width, height, seconds } = await probeVideo(o, s.input);
    const layer = path.join(s.dir, 'layer.png');
    await ffmpeg(o, ['-loglevel', 'error', '-f', 'lavfi', '-i', `color=c=black@0:s=${width}x${height},format=rgba`, '-frames:v', '1', '-vf', watermarkFilter(s.dir, true), '-f', 'image2', '-c:v', 'png', layer]);
    let last = -1;
    const progress = (line: string) => {
      const m = /^out_time_us=(\d+)$/.exec(line);
      if (!o.onProgress || !seconds || !m) return;
      const f = Math.min(1, Number(m[1]) / 1e6 / seconds);
      if (f > last) o.onProgress((last = f));
    };
    await ffmpeg(
      o,
      [
        '-loglevel', 'error', '-nostats', '-progress', 'pipe:1',
        '-threads', '2', '-i', s.input,
        '-i', layer,
        // The layer is one picture, converted once and laid over every frame (eof_action=repeat). Laying
        // only its bands that hold text gave the same frames but cost more CPU (a frame copy per band).
        '-filter_complex', '[0:v:0][1:v]overlay=eof_action=repeat:format=yuv420[v]',
        '-map', '[v]', '-map', '0:a?',
        ...(o.encoder ?? CLIP_ENCODER),
        '-c:a', 'copy',
        '-metadata', `comment=${o.comment ?? ''}`,
        '-movflags', '+faststart', '-f', 'mp4', o.output,
      ],
      progress,
    );
    o.onProgress?.(1);
  } finally {
    await rm(s.dir, { recursive: true, force: true });
  }
}

/** A JPEG of the picture (its first frame) with the watermark burned in. */
export async function burnImage(o: BurnOptions): Promise<void> {
  const s = await scratch(o);
  try {
    await ffmpeg(o, ['-loglevel', 'error', '-i', s.input, '-frames:v', '1', '-vf', watermarkFilter(s.dir), '-q:v', '3', '-f', 'image2', '-c:v', 'mjpeg', o.output]);
  } finally {
    await rm(s.dir, { recursive: true, force: true });
  }
}
