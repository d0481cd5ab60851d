import { spawn, type ChildProcess } from 'node:child_process';
import type { Frame } from '../detectors/detector.js';
import { createFlvClock } from './flv-clock.js';
import { pullHttp } from './http-pull.js';
import { createStreamTimer } from './stream-time.js';

export type DecodeMode = 'keyframes' | 'all';

export type FrameSourceOptions = {
  ffmpegPath: string;
  /**
   * Where the stream is read from: the streams process's internal HTTP-FLV (fetched here, with
   * `headers`, and piped into ffmpeg: no secret on its command line), or a file.
   */
  url: string;
  headers?: Record<string, string>;
  /** Frames per second wanted; frames beyond it are never converted. */
  fps: number;
  /** Output width (height follows the picture's aspect ratio, even). */
  width: number;
  /** 'keyframes': decode only key frames (cheapest; enough when the camera's GOP is short). */
  mode: DecodeMode;
  /** Read the input at its native rate (files in tests behave like a live camera). */
  realtime?: boolean;
  /** Extra input options (e.g. `-loop 1` for a still in benchmarks). */
  preInput?: string[];
  /** Give up when no bytes arrive for this long (a silent publisher). */
  readTimeoutMs?: number;
  /**
   * A file's frames are stamped `originMs` + their time in the file (after any `-ss`); a live pull's
   * with the stream's own clock (its FLV timestamps, placed on the wall clock by when they arrived).
   */
  originMs?: number;
};

export type FrameSource = {
  child: ChildProcess;
  /** Resolves when ffmpeg exits, with the last lines it wrote to stderr. */
  done: Promise<{ code: number | null; signal: string | null; stderr: string }>;
  stop(): void;
};

/**
 * ffmpeg's select filter for the analysis rate: a frame once `1/fps` has passed since the last one.
 * Decoding every frame, key frames are kept too, if half that has passed: a key frame is the
 * camera's picture coded afresh (the freeze check needs one: tamper-config frozenS) and the
 * sharpest; with key frames a GOP apart this adds one frame a GOP, and even a stream of key frames
 * only is analysed at twice the rate at most.
 */
export function selectFilter(fps: number, mode: DecodeMode): string {
  const interval = 1 / fps;
  const keys = mode === 'all' ? `key*gte(t-prev_selected_t\\,${(interval / 2).toFixed(3)})+` : '';
  return `select='${keys}isnan(prev_selected_t)+gte(t-prev_selected_t\\,${interval.toFixed(3)})'`;
}

/**
 * Pulls a stream with ffmpeg and hands over raw RGB24 frames at the analysis rate and size.
 * Decoding is the expensive part (FACTS: 1080p full decode costs more than the model), so
 * frames are dropped before conversion by a `select` on time, and in key-frame mode the
 * decoder never touches the frames in between. The frame size is read from ffmpeg's own
 * description of its output.
 */
export function startFrameSource(opts: FrameSourceOptions, onFrame: (frame: Frame, atMs: number) => void): FrameSource {
  const overHttp = /^https?:/.test(opts.url);
  // Every frame is stamped with its time in the stream (showinfo prints each output frame's pts
  // and whether it is a key frame), never with when ffmpeg happened to hand it over: probing,
  // key-frame-only decoding and a busy machine delay the hand-over by seconds.
  const flv = overHttp ? createFlvClock() : null;
  const timer = createStreamTimer({ origin: () => (flv ? flv.origin() : (opts.originMs ?? null)), live: overHttp, emit: onFrame });
  const args = [
    '-hide_banner',
    '-nostats',
    '-loglevel',
    'info',
    '-analyzeduration',
    '1000000',
    '-probesize',
    '1000000',
    ...(opts.mode === 'keyframes' ? ['-skip_frame', 'nokey'] : []),
    ...(opts.realtime ? ['-re'] : []),
    // A live stream keeps its own timestamps (the FLV's: ms since the publisher started).
    ...(overHttp ? ['-copyts'] : []),
    ...(opts.preInput ?? []),
    ...(overHttp ? ['-f', 'flv', '-i', 'pipe:0'] : ['-i', opts.url]),
    '-an',
    '-vf',
    `${selectFilter(opts.fps, opts.mode)},scale=${opts.width}:-2:flags=area,showinfo`,
    '-fps_mode',
    'vfr',
    '-pix_fmt',
    'rgb24',
    '-f',
    'rawvideo',
    'pipe:1',
  ];
  const child = spawn(opts.ffmpegPath, args, { stdio: [overHttp ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
  let stderr = '';
  const pull = overHttp ? pullHttp(opts.url, opts.headers ?? {}, child.stdin!, opts.readTimeoutMs ?? 10_000, (chunk, at) => flv!.push(chunk, at)) : null;
  // When the live input ends (the stream stopped, or was silent past the read timeout), ffmpeg is
  // killed, never sent end of input: at end of input it would flush pictures it had held back,
  // stamped now — old pictures taken for live ones (they closed a just-raised stream_lost and
  // opened a second one). Frames it made before are still read from its output.
  void pull?.done.then((why) => {
    if (why) stderr = `${stderr}\npull: ${why}`.slice(-8000);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let size: { width: number; height: number } | null = null;
  let line = '';
  child.stderr!.on('data', (d: Buffer) => {
    const text = d.toString();
    // showinfo's lines (one per output frame) are read, not kept: they would push ffmpeg's own messages out.
    const lines = (line + text).split('\n');
    line = lines.pop() ?? '';
    const kept: string[] = [];
    for (const l of lines) if (!timer.info(l)) kept.push(l);
    if (kept.length) stderr = (stderr + kept.join('\n') + '\n').slice(-8000);
    if (!size) {
      const out = stderr.indexOf('Output #0');
      const m = out >= 0 ? /Video: rawvideo[^\n]*?, (\d{2,5})x(\d{2,5})/.exec(stderr.slice(out)) : null;
      if (m) size = { width: Number(m[1]), height: Number(m[2]) };
    }
  });
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  child.stdout!.on('data', (chunk: Buffer) => {
    if (!size) {
      // The description always comes before the first frame; guard anyway.
      pending.push(chunk);
      pendingBytes += chunk.length;
      return;
    }
    pending.push(chunk);
    pendingBytes += chunk.length;
    const frameBytes = size.width * size.height * 3;
    if (pendingBytes < frameBytes) return;
    let buf = Buffer.concat(pending, pendingBytes);
    while (buf.length >= frameBytes) {
      const rgb = new Uint8Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + frameBytes));
      timer.frame({ width: size.width, height: size.height, rgb }, Date.now());
      buf = buf.subarray(frameBytes);
    }
    pending = buf.length ? [Buffer.from(buf)] : [];
    pendingBytes = buf.length;
  });
  const done = new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve) => {
    child.once('error', (err) => resolve({ code: -1, signal: null, stderr: `${stderr}\n${err.message}` }));
    child.once('close', (code, signal) => {
      pull?.stop();
      resolve({ code, signal, stderr: stderr.split('\n').slice(-6).join('\n') });
    });
  });
  return {
    child,
    done,
    stop: () => {
      pull?.stop();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
