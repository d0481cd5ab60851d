import type { Frame } from '../detectors/detector.js';

export type FrameInfo = { ptsMs: number; key: boolean };

/** One output frame's line from ffmpeg's showinfo filter: its pts (seconds) and whether it is a key frame. */
const SHOWINFO = /\[Parsed_showinfo_\d+ @ [^\]]+\]/;
const FRAME_LINE = /\bn:\s*\d+\s+pts:\s*\S+\s+pts_time:(\S+).*?\biskey:(\d)/;

/** A live frame handed over later than this after its stream time is not believed (bad timestamps): it is stamped on arrival. */
const MAX_LIVE_LAG_MS = 120_000;
/** Frames held waiting for their showinfo line before the source is taken not to print any. */
const MAX_UNPAIRED = 3;

/**
 * Pairs the raw frames ffmpeg writes to stdout with the showinfo lines it writes to stderr (one per
 * output frame, in order; the two pipes are read independently, so either may come first) and
 * stamps each frame with its stream time on the wall clock: origin + pts. A live stream's origin
 * comes from its FLV clock (and a frame is never stamped later than it arrived); a file's is given.
 * With no origin yet, or a source that prints no showinfo lines, the arrival time is used.
 */
export function createStreamTimer(opts: { origin: () => number | null; live: boolean; emit: (frame: Frame, atMs: number) => void }) {
  const frames: { frame: Frame; arrivalMs: number }[] = [];
  const infos: FrameInfo[] = [];
  let infoSeen = false;
  const stats = { stamped: 0, onArrival: 0 };

  const stamp = (arrivalMs: number, info: FrameInfo | null): number => {
    const origin = opts.origin();
    if (!info || origin === null || !Number.isFinite(info.ptsMs)) return (stats.onArrival++, arrivalMs);
    const at = origin + info.ptsMs;
    if (opts.live && (at > arrivalMs || at < arrivalMs - MAX_LIVE_LAG_MS)) return (stats.onArrival++, Math.min(arrivalMs, Math.max(at, arrivalMs - MAX_LIVE_LAG_MS)));
    stats.stamped++;
    return at;
  };

  const drain = () => {
    while (frames.length && infos.length) {
      const f = frames.shift()!;
      const info = infos.shift()!;
      opts.emit({ ...f.frame, key: info.key }, stamp(f.arrivalMs, info));
    }
    if (!infoSeen && frames.length > MAX_UNPAIRED) for (const f of frames.splice(0)) opts.emit(f.frame, stamp(f.arrivalMs, null));
  };

  return {
    /** A line of ffmpeg's stderr; true when it is showinfo's (not worth keeping in the error log). */
    info(line: string): boolean {
      if (!SHOWINFO.test(line)) return false;
      const m = FRAME_LINE.exec(line);
      if (m) {
        infoSeen = true;
        infos.push({ ptsMs: Number(m[1]) * 1000, key: m[2] === '1' });
        drain();
      }
      return true;
    },
    frame(frame: Frame, arrivalMs: number) {
      frames.push({ frame, arrivalMs });
      drain();
    },
    stats: () => ({ ...stats }),
  };
}
