import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { BlobStore } from '../../core/blob/blob-store.js';
import type { Db } from '../../core/db/connect.js';
import { appendLedger } from '../../core/ledger/append.js';
import type { Logger } from '../../core/log.js';
import { fileTags, tagTimestamp } from './flv-tags.js';
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
      for (const name of readdirSync(deviceDir)) {
        const m = PART.exec(name);
        if (!m) continue;
        const file = path.join(deviceDir, name);
        const bytes = readFileSync(file);
        let end = 13;
        let first: number | null = null;
        let last = 0;
        for (const t of fileTags(bytes)) {
          end = t.end;
          const ts = tagTimestamp(t.tag);
          if (t.tag[0] !== 18) first ??= ts;
          last = Math.max(last, ts);
        }
        if (end < bytes.length) writeFileSync(file, bytes.subarray(0, end)); // drop the torn tail
        const kept = bytes.subarray(0, end);
        const mtime = statSync(file).mtime;
        const span = first === null ? 0 : last - first;
        const session = await db.selectFrom('publish_sessions').select(['id', 'started_at']).where('id', '=', m[1]).executeTakeFirst();
        if (!session) {
          log.warn({ file }, 'working segment of an unknown session: left in place');
          continue;
        }
        await storeSegment(db, blobs, {
          file,
          sha256: createHash('sha256').update(kept).digest('hex'),
          size: kept.length,
          deviceId,
          sessionId: m[1],
          seq: Number(m[2]),
          startedAt: new Date(Math.max(new Date(session.started_at).getTime(), mtime.getTime() - span)),
          endedAt: mtime,
          streamStartMs: first ?? 0,
          streamEndMs: last,
          clockOffsetMs: 0,
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
