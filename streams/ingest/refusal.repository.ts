import type { Db } from '../../core/db/connect.js';

export type Refusal = { kind: 'publish' | 'play'; deviceId: string | null; streamPath: string; ip: string; reason: string };

/** Refused publishes and plays (`publish_refusals`): append-only evidence of who tried what, and why. */
export async function recordRefusal(db: Db, r: Refusal): Promise<void> {
  await db.insertInto('publish_refusals').values({ kind: r.kind, device_id: r.deviceId, stream_path: r.streamPath.slice(0, 200), ip: r.ip, reason: r.reason }).execute();
}

/** The id of the device a refused stream path named, if that device exists. */
export async function knownDevice(db: Db, deviceId: string | undefined): Promise<string | null> {
  if (!deviceId) return null;
  return (await db.selectFrom('devices').select('id').where('id', '=', deviceId).executeTakeFirst())?.id ?? null;
}
