import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../../core/db/connect.js';
import { isDbUnavailable } from '../../core/db/unavailable.js';
import type { Logger } from '../../core/log.js';

/**
 * What the streams process could not write while the database was unreachable: a stored
 * segment's row (its bytes are already in the blob store) or a publish session's end. Each is
 * one JSON file under DATA_DIR/segment-spool, fsynced with its folder before the recorder moves
 * on, replayed in the order written once the database answers, and removed only after its
 * transaction commits. Replays are idempotent (a segment is unique by session and seq, a session
 * ends once), so a crash between commit and removal duplicates nothing.
 */
export type SpoolEntry =
  | { kind: 'segment'; segment: SpooledSegment }
  | { kind: 'session_end'; sessionId: string; deviceId: string; at: string; reason: string; video: string };

export type SpooledSegment = {
  sha256: string;
  size: number;
  deviceId: string;
  sessionId: string;
  seq: number;
  startedAt: string;
  endedAt: string;
  streamStartMs: number;
  streamEndMs: number;
  clockOffsetMs: number;
  partial: boolean;
};

export type SpoolApply = (db: Db, entry: SpoolEntry) => Promise<void>;

const NAME = /^\d{16}-\d{6}\.json$/;

function fsyncDir(dir: string) {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function createSegmentSpool(deps: { db: Db; dir: string; log: Logger; apply: SpoolApply; retryMs?: number }) {
  const { db, dir, log } = deps;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  let counter = 0;
  let replaying: Promise<number> | null = null;
  let timer: NodeJS.Timeout | null = null;
  const files = () => readdirSync(dir).filter((n) => NAME.test(n)).sort();
  let pending = files().length;

  /** Writes one entry durably (file and folder fsynced) before returning. */
  function put(entry: SpoolEntry): void {
    const name = `${String(Date.now()).padStart(16, '0')}-${String(counter++ % 1_000_000).padStart(6, '0')}.json`;
    const tmp = path.join(dir, `${name}.tmp`);
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(entry));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path.join(dir, name));
    fsyncDir(dir);
    pending++;
    if (pending === 1) log.warn({ dir }, 'database unavailable: recording goes on, rows are spooled to disk until it is back');
    schedule();
  }

  function schedule() {
    if (timer || pending === 0) return;
    timer = setTimeout(() => {
      timer = null;
      void replay();
    }, deps.retryMs ?? 1000);
    timer.unref();
  }

  /** Applies spooled entries in order; stops at the first that the database cannot take yet. */
  async function replayAll(): Promise<number> {
    let done = 0;
    try {
      for (const name of files()) {
        const file = path.join(dir, name);
        try {
          await deps.apply(db, JSON.parse(readFileSync(file, 'utf8')) as SpoolEntry);
        } catch (err) {
          if (isDbUnavailable(err)) break;
          // Not a connection problem: keep the file aside for a person, go on with the rest.
          log.error({ err, file }, 'spooled entry could not be recorded; kept as .failed');
          renameSync(file, `${file}.failed`);
          continue;
        }
        unlinkSync(file);
        done++;
      }
      if (done) fsyncDir(dir);
    } finally {
      pending = files().length;
      if (done) log.info({ replayed: done, left: pending }, 'spooled recording rows written to the database');
    }
    return done;
  }

  /** One replay at a time; another is scheduled while entries are left. */
  function replay(): Promise<number> {
    replaying ??= replayAll().finally(() => {
      replaying = null;
      schedule();
    });
    return replaying;
  }

  return { put, replay, pending: () => pending, stop: () => timer && clearTimeout(timer) };
}
export type SegmentSpool = ReturnType<typeof createSegmentSpool>;
