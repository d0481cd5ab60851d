import type { Db } from '../../core/db/connect.js';
import { appendLedger } from '../../core/ledger/append.js';
import { actorOf, type Caller } from '../http/request-context.js';

/**
 * Every picture or clip of the analysis pages is a view of recorded media (R12): a
 * media_views row (kind 'playback': the table knows no other kind for recorded media) and a
 * ledger entry naming what was seen, before the bytes go out.
 */
export function createPictureViews(db: Db) {
  return async function logView(
    caller: Caller,
    v: { deviceId: string; segmentId?: string | null; bytes: number; action: 'media.snapshot_viewed' | 'media.reference_viewed' | 'flag.snapshot_viewed' | 'flag.clip_viewed'; context: Record<string, unknown> },
  ) {
    await db.transaction().execute(async (trx) => {
      const now = new Date();
      const row = await trx
        .insertInto('media_views')
        .values({ user_id: caller.user.id, device_id: v.deviceId, kind: 'playback', segment_id: v.segmentId ?? null, ip: caller.ip, started_at: now, ended_at: now, bytes: v.bytes })
        .returning('id')
        .executeTakeFirstOrThrow();
      await appendLedger(trx, { actor: actorOf(caller.user), requestId: caller.requestId, action: v.action, entityType: 'media_view', entityId: row.id, state: null, context: { deviceId: v.deviceId, segmentId: v.segmentId ?? null, ip: caller.ip, ...v.context } });
    });
  };
}
export type PictureViews = ReturnType<typeof createPictureViews>;
