import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { BlobStore } from '../../core/blob/blob-store.js';
import type { Db } from '../../core/db/connect.js';
import type { Logger } from '../../core/log.js';

const CACHE_SIZE = 64;
const FFMPEG_TIMEOUT_MS = 15_000;
/** Segments tried, newest first, before giving up (the newest may be cut short or damaged). */
const TRIES = 3;

export type SnapshotResult = { kind: 'jpeg'; jpeg: Buffer; segmentId: string } | { kind: 'none' } | { kind: 'failed' };

/**
 * Decodes the first key frame of a recording into a JPEG with ffmpeg. The blob is piped in
 * on stdin, so any BlobStore will do (not only files). Resolves null on any failure.
 */
export function keyFrameJpeg(ffmpegPath: string, input: Readable, container: string, log: Logger): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const args = ['-hide_banner', '-loglevel', 'error', '-skip_frame', 'nokey', ...(container === 'flv' ? ['-f', 'flv'] : []), '-i', 'pipe:0', '-frames:v', '1', '-f', 'mjpeg', 'pipe:1'];
    const child = spawn(ffmpegPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    let done = false;
    const finish = (jpeg: Buffer | null, why?: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      input.destroy();
      if (!jpeg) log.warn({ why, stderr: err.slice(-500) }, 'could not take a picture from a recording');
      resolve(jpeg);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(null, 'ffmpeg timed out');
    }, FFMPEG_TIMEOUT_MS);
    child.on('error', (e) => finish(null, `ffmpeg did not start: ${e.message}`));
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    // ffmpeg stops reading once it has its frame: a broken pipe here is normal.
    child.stdin.on('error', () => {});
    input.on('error', (e) => {
      child.kill('SIGKILL');
      finish(null, `could not read the recording: ${e.message}`);
    });
    input.pipe(child.stdin);
    child.on('close', (code) => {
      const jpeg = Buffer.concat(out);
      if (code === 0 && jpeg.length > 4 && jpeg[0] === 0xff && jpeg[1] === 0xd8) finish(jpeg);
      else finish(null, `ffmpeg exited ${code} with ${jpeg.length} bytes`);
    });
  });
}

/** A recent picture of each camera: its latest recorded segment's key frame, cached per segment. */
export function createDeviceSnapshots(deps: { db: Db; blobs: BlobStore; ffmpegPath: string; log: Logger }) {
  const cache = new Map<string, Buffer>();
  const inFlight = new Map<string, Promise<Buffer | null>>();

  function remember(segmentId: string, jpeg: Buffer) {
    cache.delete(segmentId);
    cache.set(segmentId, jpeg);
    while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  }

  async function frameOf(seg: { id: string; blob_sha256: string; container: string }): Promise<Buffer | null> {
    const hit = cache.get(seg.id);
    if (hit) {
      remember(seg.id, hit); // most recently used
      return hit;
    }
    let p = inFlight.get(seg.id);
    if (!p) {
      p = (async () => {
        const input = await deps.blobs.get(seg.blob_sha256).catch(() => null);
        if (!input) return null;
        const jpeg = await keyFrameJpeg(deps.ffmpegPath, input, seg.container, deps.log);
        if (jpeg) remember(seg.id, jpeg);
        return jpeg;
      })().finally(() => inFlight.delete(seg.id));
      inFlight.set(seg.id, p);
    }
    return p;
  }

  return {
    async latest(deviceId: string): Promise<SnapshotResult> {
      const segs = await deps.db
        .selectFrom('recording_segments')
        .select(['id', 'blob_sha256', 'container'])
        .where('device_id', '=', deviceId)
        .where('purged_at', 'is', null)
        .orderBy('started_at', 'desc')
        .orderBy('seq', 'desc')
        .limit(TRIES)
        .execute();
      if (segs.length === 0) return { kind: 'none' };
      for (const seg of segs) {
        const jpeg = await frameOf(seg);
        if (jpeg) return { kind: 'jpeg', jpeg, segmentId: seg.id };
      }
      return { kind: 'failed' };
    },
  };
}
export type DeviceSnapshots = ReturnType<typeof createDeviceSnapshots>;
