import type { Kysely, Selectable } from 'kysely';
import type { Db } from '../../core/db/connect.js';
import type { Database, MobileRecordingsTable } from '../../core/db/database.js';
import { escapeLike } from '../access/scope.js';

export type MobileRecordingRow = Selectable<MobileRecordingsTable>;
export type UploadTarget = { kind: 'case' | 'device'; id: string };
export type Listed = MobileRecordingRow & { uploader_name: string; party_name: string; case_cause: string | null; device_name: string | null };

/** The queries of field uploads (R10): the target's party, the officers named, the rows and their lists. */
export function createMobileRecordingRepository(db: Db) {
  const listed = (q: Kysely<Database> = db) =>
    q
      .selectFrom('mobile_recordings as m')
      .innerJoin('users as u', 'u.id', 'm.uploaded_by')
      .innerJoin('businesses as b', 'b.id', 'm.business_id')
      .leftJoin('cases as c', 'c.id', 'm.case_id')
      .leftJoin('devices as d', 'd.id', 'm.device_id')
      .selectAll('m')
      .select(['u.display_name as uploader_name', 'b.name as party_name', 'c.cause as case_cause', 'd.name as device_name']);

  return {
    /** The party and the owning agency of a case or a device. */
    async target(t: UploadTarget): Promise<{ businessId: string; agencyId: string; partyName: string } | null> {
      const row =
        t.kind === 'case'
          ? await db.selectFrom('cases as c').innerJoin('businesses as b', 'b.id', 'c.business_id').select(['c.business_id', 'c.agency_id', 'b.name']).where('c.id', '=', t.id).executeTakeFirst()
          : await db.selectFrom('devices as d').innerJoin('businesses as b', 'b.id', 'd.business_id').select(['d.business_id', 'b.agency_id', 'b.name']).where('d.id', '=', t.id).executeTakeFirst();
      return row ? { businessId: row.business_id, agencyId: row.agency_id, partyName: row.name } : null;
    },

    /** The enforcement staff among these user ids (officers and heads), with their names. */
    officers: (ids: string[]) =>
      ids.length === 0 ? Promise.resolve([]) : db.selectFrom('users').select(['id', 'display_name as name']).where('id', 'in', ids).where('role', 'in', ['officer', 'manager']).execute(),

    insert: (trx: Kysely<Database>, row: Parameters<ReturnType<Kysely<Database>['insertInto']>['values']>[0] & object) =>
      trx.insertInto('mobile_recordings').values(row as never).returningAll().executeTakeFirstOrThrow(),

    get: (id: string, q: Kysely<Database> = db) => q.selectFrom('mobile_recordings').selectAll().where('id', '=', id).executeTakeFirst(),

    /** Locks the row for the finishing transaction. */
    lock: (trx: Kysely<Database>, id: string) => trx.selectFrom('mobile_recordings').selectAll().where('id', '=', id).forUpdate().executeTakeFirst(),

    /** Bytes arrived so far (only while uploading: the trigger refuses it afterwards). */
    received: (id: string, bytes: number) => db.updateTable('mobile_recordings').set({ received_bytes: bytes }).where('id', '=', id).where('status', '=', 'uploading').execute(),

    finish: (trx: Kysely<Database>, id: string, set: { status: 'complete' | 'refused'; received_bytes: number; sha256?: string | null; refusal?: 'hash_mismatch' | 'truncated' | null; late?: boolean; late_reason?: string | null; finished_at: Date }) =>
      trx.updateTable('mobile_recordings').set(set).where('id', '=', id).where('status', '=', 'uploading').returningAll().executeTakeFirstOrThrow(),

    listed: (id: string) => listed().where('m.id', '=', id).executeTakeFirst(),

    /** A case's or a device's uploads, newest first. */
    listFor: (t: UploadTarget) =>
      listed()
        .where(t.kind === 'case' ? 'm.case_id' : 'm.device_id', '=', t.id)
        .orderBy('m.started_at', 'desc')
        .limit(500)
        .execute(),

    /** The late uploads of an agency subtree (the head's list), latest first. */
    lateIn: (agencyPath: string) =>
      listed()
        .innerJoin('agencies as a', 'a.id', 'm.agency_id')
        .where('m.late', '=', true)
        .where('a.path', 'like', `${escapeLike(agencyPath)}%`)
        .orderBy('m.finished_at', 'desc')
        .limit(500)
        .execute(),
  };
}
export type MobileRecordingRepository = ReturnType<typeof createMobileRecordingRepository>;
