import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import type { BlobStore } from '../../core/blob/blob-store.js';

const run = promisify(execFile);

/**
 * Joins recorded segments into one MP4 that a browser plays from start to end and seeks in
 * (native <video>, HTTP Range), so playback never stops at a segment's end.
 *
 * Why a finished MP4 per window rather than a stream: ffmpeg's concat demuxer with stream copy
 * (`-c copy`: the picture is never re-encoded, the originals are only read) joins a window of
 * segments in well under a second per minute of video; `+faststart` puts the index first, so
 * the file has a known length and duration and answers Range requests — which iOS Safari
 * requires (it plays no MSE/mpegts.js and no unbounded stream), and which lets every browser
 * seek inside the window natively. The window's length (minutes) bounds both the wait and the
 * disk it takes; files are removed once they are `maxAgeMs` old.
 */
export type JoinSegment = { id: string; sha256: string; durationMs: number };

const quote = (file: string) => `'${file.replace(/'/g, "'\\''")}'`;

export function createPlaybackFiles(deps: { blobs: BlobStore; ffmpegPath: string; dir: string; maxAgeMs?: number }) {
  const maxAgeMs = deps.maxAgeMs ?? 3 * 3600_000;
  const fileOf = (name: string) => path.join(deps.dir, `${name}.mp4`);

  /** Removes files older than the limit (each build sweeps, so the folder never grows unbounded). */
  async function sweep() {
    const now = Date.now();
    for (const f of await readdir(deps.dir).catch(() => [] as string[])) {
      const p = path.join(deps.dir, f);
      const s = await stat(p).catch(() => null);
      if (s && now - s.mtimeMs > maxAgeMs) await rm(p, { recursive: true, force: true });
    }
  }

  return {
    fileOf,

    /** Builds `<dir>/<name>.mp4` from the segments, in order; returns its size. */
    async build(name: string, segments: readonly JoinSegment[]): Promise<{ file: string; size: number }> {
      await mkdir(deps.dir, { recursive: true, mode: 0o700 });
      await sweep();
      const work = path.join(deps.dir, `${name}.parts`);
      await mkdir(work, { mode: 0o700 });
      try {
        // Read in place where the store keeps files; otherwise copied out first.
        const files: string[] = [];
        for (const [i, s] of segments.entries()) {
          let file = (await deps.blobs.localFile?.(s.sha256)) ?? null;
          if (!file) {
            file = path.join(work, `${i}.seg`);
            await pipeline(await deps.blobs.get(s.sha256), createWriteStream(file, { mode: 0o600 }));
          }
          files.push(file);
        }
        // Each segment's length is stated (from the recording's clock): a live stream's metadata leaves it empty.
        const list = path.join(work, 'list.ffconcat');
        const lines = segments.flatMap((s, i) => [`file ${quote(files[i])}`, `duration ${(s.durationMs / 1000).toFixed(3)}`]);
        await writeFile(list, ['ffconcat version 1.0', ...lines].join('\n') + '\n', { mode: 0o600 });
        const out = fileOf(name);
        const args = (audio: string[]) => ['-hide_banner', '-loglevel', 'error', '-nostdin', '-f', 'concat', '-safe', '0', '-i', list, '-map', '0:v:0?', '-map', '0:a:0?', '-c', 'copy', ...audio, '-movflags', '+faststart', '-y', out];
        try {
          await run(deps.ffmpegPath, args([]));
        } catch {
          // Audio MP4 cannot carry as it is (G.711 from some cameras): the picture is still copied.
          await run(deps.ffmpegPath, args(['-c:a', 'aac'])).catch((err: Error & { stderr?: string }) => {
            throw new Error(`ffmpeg could not join the recording: ${(err.stderr ?? err.message).trim().slice(0, 500)}`);
          });
        }
        return { file: out, size: (await stat(out)).size };
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    },

    async size(name: string): Promise<number | null> {
      return (await stat(fileOf(name)).catch(() => null))?.size ?? null;
    },
  };
}
export type PlaybackFiles = ReturnType<typeof createPlaybackFiles>;
