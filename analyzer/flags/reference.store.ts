import type { BlobStore } from '../../core/blob/blob-store.js';
import { recordBlob } from '../../core/blob/blob.repository.js';
import type { Db } from '../../core/db/connect.js';
import { appendLedger } from '../../core/ledger/append.js';
import { decodeReference, encodeReference, type ReferenceScene } from '../tamper/tamper-monitor.js';

/** Each camera's reference scene: what it should see (R2). Learned by the analyzer, ledgered. */
export function createReferenceStore(deps: { db: Db; blobs: BlobStore; analyzer: string }) {
  const { db, blobs, analyzer } = deps;
  return {
    /** The stored reference, or null when none is stored or an officer asked to learn it again. */
    async load(deviceId: string): Promise<{ scene: ReferenceScene | null; relearnAt: Date | null }> {
      const r = await db.selectFrom('device_reference_scenes').select(['signature', 'captured_at', 'relearn_requested_at']).where('device_id', '=', deviceId).executeTakeFirst();
      if (!r) return { scene: null, relearnAt: null };
      const stale = r.relearn_requested_at !== null && r.relearn_requested_at > r.captured_at;
      try {
        return { scene: stale ? null : decodeReference(r.signature), relearnAt: r.relearn_requested_at };
      } catch {
        return { scene: null, relearnAt: r.relearn_requested_at }; // unreadable: learn again
      }
    },
    async save(deviceId: string, scene: ReferenceScene, pictureJpeg: Buffer, at: Date): Promise<void> {
      const blob = await blobs.put(pictureJpeg, 'image/jpeg');
      await db.transaction().execute(async (trx) => {
        await recordBlob(trx, { ...blob, mediaType: 'image/jpeg' });
        const values = { captured_at: at, blob_sha256: blob.sha256, signature: encodeReference(scene), width: scene.width, height: scene.height, set_by: `analyzer:${analyzer}`, updated_at: new Date() };
        const row = await trx
          .insertInto('device_reference_scenes')
          .values({ device_id: deviceId, ...values })
          .onConflict((oc) => oc.column('device_id').doUpdateSet(values))
          .returningAll()
          .executeTakeFirstOrThrow();
        await appendLedger(trx, { actor: { type: 'system', id: `analyzer:${analyzer}` }, action: 'reference_scene.learned', entityType: 'device_reference_scene', entityId: deviceId, state: row });
      });
    },
  };
}
export type ReferenceStore = ReturnType<typeof createReferenceStore>;
