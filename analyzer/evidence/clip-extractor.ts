import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { hashStream } from '../../core/blob/blob-store.js';
import { concatPositionMs, segmentWindow, type Gap } from './segment-window.js';

const run = promisify(execFile);

/**
 * An evidence clip cut from the original recorded segments: the FLV files are joined by
 * ffmpeg's concat demuxer and the window copied (no re-encoding of the picture) into an MP4 a
 * browser plays. The originals are only read. Stream copy can only start on a key frame, so the
 * clip starts at the last key frame at or before the window's start, and the provenance says
 * exactly what was produced: from where, how long, with which tool and arguments.
 */
export type ClipSegment = { id: string; sha256: string; file: string; startedAt: Date; endedAt: Date };
export type ClipProvenance = {
  segments: { id: string; sha256: string; startedAt: string; endedAt: string }[];
  requested: { from: string; to: string };
  /** Where the clip starts inside the first segment (ms): the key frame at or before `from`. */
  offsetMs: number;
  /** The wall-clock time of the clip's first frame. */
  startsAt: string;
  /** Measured from the output file. */
  durationMs: number;
  /** Parts of the requested window that no segment covers (squeezed out of the clip). */
  gaps: { from: string; to: string }[];
  tool: { name: 'ffmpeg'; version: string; args: string[]; concat: string[] };
  createdAt: string;
  outputSha256: string;
  outputSize: number;
};

const sec = (ms: number) => (ms / 1000).toFixed(3);
const iso = (d: Date) => d.toISOString();
const quote = (file: string) => `'${file.replace(/'/g, "'\\''")}'`;

/** ffprobe beside the given ffmpeg (Debian's ffmpeg package ships both). */
export function ffprobeFor(ffmpegPath: string): string {
  const dir = path.dirname(ffmpegPath);
  const name = path.basename(ffmpegPath).replace(/ffmpeg(?!.*ffmpeg)/, 'ffprobe');
  return dir === '.' && !ffmpegPath.includes('/') ? name : path.join(dir, name);
}

const versions = new Map<string, Promise<string>>();
export function ffmpegVersion(ffmpegPath: string): Promise<string> {
  let v = versions.get(ffmpegPath);
  if (!v) {
    v = run(ffmpegPath, ['-hide_banner', '-version']).then((r) => r.stdout.split('\n')[0].trim());
    versions.set(ffmpegPath, v);
  }
  return v;
}

/** Key frames of a file's first video stream, in ms from the file's start (empty: no video). */
async function keyFramesMs(ffprobe: string, file: string): Promise<number[]> {
  const r = await run(ffprobe, ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time,flags:format=start_time', '-of', 'json', file], { maxBuffer: 64 * 1024 * 1024 });
  const j = JSON.parse(r.stdout) as { packets?: { pts_time?: string; flags?: string }[]; format?: { start_time?: string } };
  const start = Number(j.format?.start_time ?? 0) || 0;
  return (j.packets ?? []).filter((p) => p.flags?.startsWith('K') && p.pts_time !== undefined).map((p) => Math.round((Number(p.pts_time) - start) * 1000));
}

/** The output's duration and its first video packet's time (negative: frames hidden by an edit list). */
async function measure(ffprobe: string, file: string): Promise<{ durationMs: number; firstPtsMs: number }> {
  const r = await run(ffprobe, ['-v', 'error', '-select_streams', 'v:0', '-read_intervals', '%+#1', '-show_entries', 'packet=pts_time:format=duration', '-of', 'json', file]);
  const j = JSON.parse(r.stdout) as { packets?: { pts_time?: string }[]; format?: { duration?: string } };
  const durationMs = Math.round(Number(j.format?.duration) * 1000);
  if (!Number.isFinite(durationMs) || durationMs <= 0) throw new Error(`the clip has no measurable duration: ${r.stdout.slice(0, 300)}`);
  return { durationMs, firstPtsMs: Math.round(Number(j.packets?.[0]?.pts_time ?? 0) * 1000) };
}

export async function extractClip(opts: { segments: ClipSegment[]; from: Date; to: Date; ffmpegPath: string; ffprobePath?: string; workDir: string }): Promise<{ file: string; provenance: ClipProvenance }> {
  const plan = segmentWindow(opts.segments, opts.from, opts.to);
  const segs = plan.segments;
  if (!segs.length) throw new Error('no segment covers the window');
  const ffprobe = opts.ffprobePath ?? ffprobeFor(opts.ffmpegPath);

  // Start on the last key frame at or before `from` (segments start on one, so there is one).
  const keys = await keyFramesMs(ffprobe, segs[0].file);
  const startMs = keys.filter((k) => k <= plan.offsetMs + 1).reduce((a, b) => Math.max(a, b), keys.length ? 0 : plan.offsetMs);
  const endMs = concatPositionMs(segs, opts.to);
  if (endMs <= startMs) throw new Error('the window holds no recorded time');

  const id = `${Date.now()}-${randomBytes(6).toString('hex')}`;
  const list = path.join(opts.workDir, `clip-${id}.ffconcat`);
  const file = path.join(opts.workDir, `clip-${id}.mp4`);
  // Each file's length is stated (from the recording's clock) rather than read from its metadata,
  // which a live stream leaves empty or wrong.
  const entry = (s: ClipSegment, name: string) => [`file ${name}`, `duration ${sec(s.endedAt.getTime() - s.startedAt.getTime())}`];
  await writeFile(list, ['ffconcat version 1.0', ...segs.flatMap((s) => entry(s, quote(s.file)))].join('\n') + '\n', { flag: 'wx' });
  const concat = segs.flatMap((s) => entry(s, s.sha256));

  const argsFor = (audio: string[]) => ['-hide_banner', '-loglevel', 'error', '-nostdin', '-f', 'concat', '-safe', '0', '-ss', sec(startMs), '-i', list, '-t', sec(endMs - startMs), '-map', '0:v:0?', '-map', '0:a:0?', '-c', 'copy', ...audio, '-movflags', '+faststart', '-y', file];
  let args = argsFor([]);
  try {
    try {
      await run(opts.ffmpegPath, args);
    } catch {
      // Audio that MP4 cannot carry as it is (G.711 from some cameras): the picture is still
      // copied, the sound re-encoded to AAC.
      args = argsFor(['-c:a', 'aac']);
      await run(opts.ffmpegPath, args).catch((err: Error & { stderr?: string }) => {
        throw new Error(`ffmpeg could not cut the clip: ${(err.stderr ?? err.message).trim().slice(0, 500)}`);
      });
    }
  } finally {
    await rm(list, { force: true });
  }

  try {
    const [m, out, version] = await Promise.all([measure(ffprobe, file), hashStream(createReadStream(file)), ffmpegVersion(opts.ffmpegPath)]);
    const realStartMs = startMs + Math.min(0, m.firstPtsMs);
    const provenance: ClipProvenance = {
      segments: segs.map((s) => ({ id: s.id, sha256: s.sha256, startedAt: iso(s.startedAt), endedAt: iso(s.endedAt) })),
      requested: { from: iso(opts.from), to: iso(opts.to) },
      offsetMs: realStartMs,
      startsAt: iso(new Date(segs[0].startedAt.getTime() + realStartMs)),
      durationMs: m.durationMs,
      gaps: plan.gaps.map((g: Gap) => ({ from: iso(g.from), to: iso(g.to) })),
      tool: { name: 'ffmpeg', version, args: args.map((a) => (a === list ? '{concat}' : a === file ? '{output}' : a)), concat },
      createdAt: iso(new Date()),
      outputSha256: out.sha256,
      outputSize: out.size,
    };
    return { file, provenance };
  } catch (err) {
    await rm(file, { force: true });
    throw err;
  }
}
