import { createHash, type Hash } from 'node:crypto';
import { chmodSync, closeSync, fchmodSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { SegmentSink } from './flv-segmenter.js';
import type { ClosedSegment } from './segment-store.js';

/**
 * Writes segments of one publish session to working files `<dir>/<device>/<session>-<seq>.flv.part`
 * (synchronous small writes: the bytes are on disk before the next tag, so a crash loses at
 * most the tag being written). On close: fsync, hash, hand over to `onClosed`.
 */
export class SegmentWriter implements SegmentSink {
  private fd: number | null = null;
  private hash: Hash | null = null;
  private size = 0;
  private file = '';
  private startedAt = new Date();
  private streamStartMs = 0;
  private clockOffsetMs = 0;
  private readonly firstWall: number;
  private firstStreamMs: number | null = null;
  private lastEndedAt = 0;

  constructor(
    private readonly dir: string,
    private readonly ids: { deviceId: string; sessionId: string },
    private readonly onClosed: (s: ClosedSegment) => void,
    private readonly onError: (err: Error) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {
    this.firstWall = now();
    // Recordings are readable by the platform's own user only, whatever the umask.
    mkdirSync(path.join(dir, ids.deviceId), { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    chmodSync(path.join(dir, ids.deviceId), 0o700);
  }

  private failed = false;

  /**
   * A write that fails (disk full, I/O error) must not throw into node-media-server's loop:
   * the file is left for recovery (stored as a partial on the next start) and the owner told.
   */
  private guard(what: () => void): void {
    if (this.failed) return;
    try {
      what();
    } catch (err) {
      this.failed = true;
      if (this.fd !== null) {
        try {
          closeSync(this.fd);
        } catch {
          /* already broken */
        }
        this.fd = null;
      }
      this.onError(err as Error);
    }
  }

  open(seq: number, streamMs: number): void {
    this.guard(() => this.openFile(seq, streamMs));
  }

  private openFile(seq: number, streamMs: number): void {
    this.file = path.join(this.dir, this.ids.deviceId, `${this.ids.sessionId}-${String(seq).padStart(6, '0')}.flv.part`);
    this.fd = openSync(this.file, 'wx', 0o600);
    fchmodSync(this.fd, 0o600);
    this.hash = createHash('sha256');
    this.size = 0;
    // A publisher's first seconds arrive in a burst (encoder and GOP cache running ahead of the
    // clock): the next segment then opens before the previous one's stream time has elapsed. It
    // starts where that one ended, so no two segments of a session overlap.
    const wall = Math.max(this.now(), this.lastEndedAt);
    this.startedAt = new Date(wall);
    this.streamStartMs = streamMs;
    if (this.firstStreamMs === null) this.firstStreamMs = streamMs;
    this.clockOffsetMs = wall - this.firstWall - (streamMs - this.firstStreamMs);
  }

  write(buf: Buffer): void {
    if (this.fd === null) return;
    this.guard(() => {
      writeSync(this.fd!, buf);
      this.hash!.update(buf);
      this.size += buf.length;
    });
  }

  close(seq: number, streamEndMs: number): void {
    if (this.fd === null) return;
    this.guard(() => {
      fsyncSync(this.fd!);
      closeSync(this.fd!);
    });
    if (this.failed) return;
    this.fd = null;
    const endedAt = new Date(Math.max(this.startedAt.getTime(), this.startedAt.getTime() + (streamEndMs - this.streamStartMs)));
    this.lastEndedAt = endedAt.getTime();
    this.onClosed({
      file: this.file,
      sha256: this.hash!.digest('hex'),
      size: this.size,
      ...this.ids,
      seq,
      startedAt: this.startedAt,
      endedAt,
      streamStartMs: this.streamStartMs,
      streamEndMs,
      clockOffsetMs: this.clockOffsetMs,
      partial: false,
    });
  }
}
