import type { Db } from '../../core/db/connect.js';
import { appendLedger } from '../../core/ledger/append.js';
import { actorOf, type Caller } from '../http/request-context.js';
import type { DeviceGuard } from './analysis.guard.js';

/**
 * Each camera's reference scene, learned by the analyzer (a view that no longer matches it is a
 * tamper flag). Staff read it; an officer may ask for it to be learned again (the camera was
 * moved on purpose), which the analyzer picks up from relearn_requested_at.
 */
export function createReferenceService(deps: { db: Db; deviceFor: DeviceGuard }) {
  const { db, deviceFor } = deps;
  const scene = (deviceId: string) => db.selectFrom('device_reference_scenes').selectAll().where('device_id', '=', deviceId).executeTakeFirst();

  return {
    async get(caller: Caller, deviceId: string) {
      await deviceFor(caller, deviceId);
      return (await scene(deviceId)) ?? null;
    },

    /** The scene's picture and its media type, or null when there is none. */
    async picture(caller: Caller, deviceId: string) {
      await deviceFor(caller, deviceId);
      const row = await db
        .selectFrom('device_reference_scenes as r')
        .innerJoin('blobs as b', 'b.sha256', 'r.blob_sha256')
        .select(['r.blob_sha256', 'b.media_type'])
        .where('r.device_id', '=', deviceId)
        .executeTakeFirst();
      return row ? { sha256: row.blob_sha256, mediaType: row.media_type.startsWith('image/') ? row.media_type : 'image/jpeg' } : null;
    },

    /** Null when the analyzer has not learned a scene yet (it will, without being asked). */
    async relearn(caller: Caller, deviceId: string, reason: string) {
      await deviceFor(caller, deviceId, { forEdit: true });
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('device_reference_scenes')
          .set({ relearn_requested_at: new Date(), relearn_requested_by: caller.user.id, updated_at: new Date() })
          .where('device_id', '=', deviceId)
          .returningAll()
          .executeTakeFirst();
        if (!row) return null;
        await appendLedger(trx, { actor: actorOf(caller.user), requestId: caller.requestId, action: 'device_reference_scene.relearn_requested', entityType: 'device_reference_scene', entityId: deviceId, state: row, context: { reason } });
        return row;
      });
    },
  };
}
export type ReferenceService = ReturnType<typeof createReferenceService>;
