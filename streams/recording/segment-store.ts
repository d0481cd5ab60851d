import { rm } from 'node:fs/promises';
import type { BlobInfo, BlobStore } from '../../core/blob/blob-store.js';
import { recordBlob } from '../../core/blob/blob.repository.js';
import type { Db } from '../../core/db/connect.js';
import { isDbUnavailable } from '../../core/db/unavailable.js';
import { appendLedger } from '../../core/ledger/append.js';
import { endPublishSession } from '../ingest/publish-session.repository.js';
import type { SegmentSpool, SpoolApply, SpooledSegment } from './segment-spool.js';

export type ClosedSegment = {
  file: string;
  sha256: string;
  size: number;
  deviceId: string;
  sessionId: string;
  seq: number;
  startedAt: Date;
  endedAt: Date;
  streamStartMs: number;
  streamEndMs: number;
  clockOffsetMs: number;
  partial: boolean;
};

/**
 * Records a stored segment and its ledger entry in one transaction. Idempotent: a segment
 * already recorded (same session and seq) is left as it is and gets no second entry.
 */
export async function recordSegment(db: Db, blob: BlobInfo, s: Omit<ClosedSegment, 'file' | 'sha256' | 'size'>): Promise<string | null> {
  return db.transaction().execute(async (trx) => {
    await recordBlob(trx, { ...blob, mediaType: 'video/x-flv' });
    const row = await trx
      .insertInto('recording_segments')
      .values({
        device_id: s.deviceId,
        session_id: s.sessionId,
        seq: s.seq,
        blob_sha256: blob.sha256,
        size: blob.size,
        started_at: s.startedAt,
        ended_at: s.endedAt < s.startedAt ? s.startedAt : s.endedAt,
        stream_start_ms: s.streamStartMs,
        stream_end_ms: s.streamEndMs,
        clock_offset_ms: s.clockOffsetMs,
        partial: s.partial,
      })
      .onConflict((oc) => oc.columns(['session_id', 'seq']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) return null;
    await appendLedger(trx, { actor: { type: 'device', id: s.deviceId }, action: s.partial ? 'recording.partial_segment_stored' : 'recording.segment_stored', entityType: 'recording_segment', entityId: row.id, state: row });
    return row.id;
  });
}

/** A spooled segment back into the shape recordSegment takes. */
export function recordSpooled(db: Db, s: SpooledSegment): Promise<string | null> {
  return recordSegment(db, { sha256: s.sha256, size: s.size }, { ...s, startedAt: new Date(s.startedAt), endedAt: new Date(s.endedAt) });
}

/** Writes one spooled entry (a segment's row, or a session's end) as it would have been written. */
export const applySpoolEntry: SpoolApply = async (db, e) => {
  if (e.kind === 'segment') await recordSpooled(db, e.segment);
  else await endPublishSession(db, { ...e, at: new Date(e.at) });
};

/**
 * Puts a closed segment file into the blob store (durably), then records it and its ledger
 * entry in one transaction, then removes the working file. Throws if the stored bytes do not
 * hash to what was written: the file stays for the next attempt. With a spool: while the
 * database is unreachable (or earlier rows still wait in the spool, to keep their order) the
 * row goes to the spool instead, and is recorded when the database is back.
 */
export async function storeSegment(db: Db, blobs: BlobStore, s: ClosedSegment, spool?: SegmentSpool): Promise<string> {
  // The writer hashed every byte it wrote and fsynced the file: adopt it without a copy.
  const blob = await blobs.adopt(s.file, { sha256: s.sha256, size: s.size });
  const spooled = (): string => {
    const { file: _file, ...rest } = s;
    spool!.put({ kind: 'segment', segment: { ...rest, ...blob, startedAt: s.startedAt.toISOString(), endedAt: s.endedAt.toISOString() } });
    return '';
  };
  let id: string | null;
  if (spool && spool.pending() > 0) id = spooled();
  else {
    try {
      id = await recordSegment(db, blob, s);
    } catch (err) {
      if (!spool || !isDbUnavailable(err)) throw err;
      id = spooled();
    }
  }
  await rm(s.file, { force: true });
  return id ?? '';
}
