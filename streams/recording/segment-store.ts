import { rm } from 'node:fs/promises';
import type { BlobStore } from '../../core/blob/blob-store.js';
import { recordBlob } from '../../core/blob/blob.repository.js';
import type { Db } from '../../core/db/connect.js';
import { appendLedger } from '../../core/ledger/append.js';

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
 * Puts a closed segment file into the blob store (durably), then records it and its ledger
 * entry in one transaction, then removes the working file. Throws if the stored bytes do not
 * hash to what was written: the file stays for the next attempt.
 */
export async function storeSegment(db: Db, blobs: BlobStore, s: ClosedSegment): Promise<string> {
  // The writer hashed every byte it wrote and fsynced the file: adopt it without a copy.
  const blob = await blobs.adopt(s.file, { sha256: s.sha256, size: s.size });
  const id = await db.transaction().execute(async (trx) => {
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
  await rm(s.file, { force: true });
  return id ?? '';
}
