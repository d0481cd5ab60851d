import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { BlobStore } from '../../core/blob/blob-store.js';
import type { Db } from '../../core/db/connect.js';
import { appendLedger } from '../../core/ledger/append.js';
import type { Logger } from '../../core/log.js';
import { FLV_AUDIO, FLV_VIDEO, fileTags, isAudioConfig, isVideoConfig, tagTimestamp, tagType } from './flv-tags.js';
import { storeSegment } from './segment-store.js';

const PART = /^([0-9a-f-]{36})-(\d{6})\.flv\.part$/;

/**
 * After a crash or restart: every segment file still being written is cut back to its last
 * whole tag and stored as a marked partial segment; publish sessions left open are closed as
 * 'streams_restart' with a recorded gap. Nothing is silently lost.
 */
export async function recoverRecordings(db: Db, blobs: BlobStore, dir: string, log: Logger): Promise<{ partials: number; sessions: number }> {
  let partials = 0;
  if (existsSync(dir)) {
    for (const deviceId of readdirSync(dir)) {
      const deviceDir = path.join(dir, deviceId);
      if (!statSync(deviceDir).isDirectory()) continue;
      // In seq order: a session's earlier working segment is stored before the one after it.
      for (const name of readdirSync(deviceDir).sort()) {
        const m = PART.exec(name);
        if (!m) continue;
        const file = path.join(deviceDir, name);
        const bytes = readFileSync(file);
        const mtime = statSync(file).mtime; // the last tag's arrival, before the tail is cut
        const span = mediaSpan(bytes);
        if (span.end < bytes.length) writeFileSync(file, bytes.subarray(0, span.end)); // drop the torn tail
        const kept = bytes.subarray(0, span.end);
        const session = await db.selectFrom('publish_sessions').select(['id', 'started_at']).where('id', '=', m[1]).executeTakeFirst();
        if (!session) {
          log.warn({ file }, 'working segment of an unknown session: left in place');
          continue;
        }
        const seq = Number(m[2]);
        const times = await wallTimes(db, { sessionId: session.id, sessionStart: new Date(session.started_at), seq, mtime, ...span });
        await storeSegment(db, blobs, {
          file,
          sha256: createHash('sha256').update(kept).digest('hex'),
          size: kept.length,
          deviceId,
          sessionId: m[1],
          seq,
          ...times,
          streamStartMs: span.first ?? 0,
          streamEndMs: span.last,
          partial: true,
        });
        partials++;
      }
    }
  }
  const open = await db.selectFrom('publish_sessions').selectAll().where('ended_at', 'is', null).execute();
  for (const s of open) {
    const lastSeg = await db.selectFrom('recording_segments').select('ended_at').where('session_id', '=', s.id).orderBy('ended_at', 'desc').executeTakeFirst();
    const at = lastSeg ? new Date(lastSeg.ended_at) : new Date(s.started_at);
    await db.transaction().execute(async (trx) => {
      const row = await trx.updateTable('publish_sessions').set({ ended_at: at, end_reason: 'streams_restart' }).where('id', '=', s.id).where('ended_at', 'is', null).returningAll().executeTakeFirst();
      if (!row) return;
      await trx.insertInto('recording_gaps').values({ device_id: s.device_id, started_at: at, reason: 'streams_restart' }).execute();
      await trx.updateTable('device_health').set({ online: false, since: at, bitrate_kbps: null, fps: null, updated_at: new Date() }).where('device_id', '=', s.device_id).execute();
      await appendLedger(trx, { actor: { type: 'system', id: 'streams' }, action: 'stream.publish_ended', entityType: 'publish_session', entityId: s.id, state: row, context: { reason: 'streams_restart' } });
    });
  }
  if (partials || open.length) log.warn({ partials, sessions: open.length }, 'recovered recordings after an unclean stop');
  return { partials, sessions: open.length };
}

/**
 * The stream times of a working file's real media: its first and last audio/video frame. The
 * header, metadata and codec configuration written at the top of every segment carry the
 * publish's timestamp 0 and say nothing about when this segment's pictures were taken.
 */
function mediaSpan(bytes: Buffer): { end: number; first: number | null; last: number } {
  let end = 13;
  let first: number | null = null;
  let last = 0;
  for (const t of fileTags(bytes)) {
    end = t.end;
    const type = tagType(t.tag);
    if ((type !== FLV_AUDIO && type !== FLV_VIDEO) || isAudioConfig(t.tag) || isVideoConfig(t.tag)) continue;
    const ts = tagTimestamp(t.tag);
    first ??= ts;
    last = Math.max(last, ts);
  }
  return { end, first, last: first === null ? 0 : last };
}

/**
 * Wall-clock start and end of a recovered segment, mapped from its stream times the way the
 * writer maps a closed one: through the clock of the session's previous stored segment (same
 * offset, so it starts where that one ended). With no earlier segment stored, the first segment
 * starts at the session's start; a later one whose predecessor is lost is placed by the file's
 * last write, never before a stored segment of the session ends.
 */
async function wallTimes(db: Db, s: { sessionId: string; sessionStart: Date; seq: number; mtime: Date; first: number | null; last: number }) {
  const first = s.first ?? s.last;
  const spanMs = s.last - first;
  const prev = await db.selectFrom('recording_segments').select(['started_at', 'ended_at', 'stream_start_ms', 'clock_offset_ms']).where('session_id', '=', s.sessionId).where('seq', '<', s.seq).orderBy('seq', 'desc').executeTakeFirst();
  const latest = await db.selectFrom('recording_segments').select((eb) => eb.fn.max('ended_at').as('end')).where('session_id', '=', s.sessionId).where('seq', '<', s.seq).executeTakeFirst();
  const floor = Math.max(s.sessionStart.getTime(), latest?.end ? new Date(latest.end).getTime() : 0);
  let start: number;
  let clockOffsetMs = 0;
  if (prev && s.first !== null) {
    start = new Date(prev.started_at).getTime() + (first - Number(prev.stream_start_ms));
    clockOffsetMs = Number(prev.clock_offset_ms);
  } else if (s.seq === 1) start = s.sessionStart.getTime();
  else start = s.mtime.getTime() - spanMs;
  start = Math.max(start, floor);
  return { startedAt: new Date(start), endedAt: new Date(start + spanMs), clockOffsetMs };
}
