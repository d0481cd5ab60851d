import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Db } from '../../core/db/connect.js';
import type { HoldRecordKind, RecordHoldsTable } from '../../core/db/database.js';
import type { Resource } from '../access/access.repository.js';
import { escapeLike } from '../access/scope.js';

export type HoldRow = Selectable<RecordHoldsTable>;
export type HoldListed = HoldRow & { requested_by_name: string; approved_by_name: string | null; released_by_name: string | null; owner_agency_name: string; record_label: string | null };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The queries of holds (保全); services call these, never Kysely. */
export function createHoldRepository(db: Db) {
  const listed = (q: Db) =>
    q
      .selectFrom('record_holds as h')
      .innerJoin('users as u', 'u.id', 'h.requested_by')
      .innerJoin('agencies as oa', 'oa.id', 'h.owner_agency_id')
      .leftJoin('users as ap', 'ap.id', 'h.approved_by')
      .leftJoin('users as rl', 'rl.id', 'h.released_by')
      .selectAll('h')
      .select([
        'u.display_name as requested_by_name',
        'ap.display_name as approved_by_name',
        'rl.display_name as released_by_name',
        'oa.name as owner_agency_name',
        sql<string | null>`CASE
          WHEN h.record_kind = 'recording' THEN (SELECT b.name || ' · ' || dv.name FROM devices dv JOIN businesses b ON b.id = dv.business_id WHERE dv.id = h.record_id)
          WHEN h.record_kind = 'case' THEN (SELECT b.name || ' · ' || c.cause FROM cases c JOIN businesses b ON b.id = c.business_id WHERE c.id = h.record_id)
          WHEN h.record_kind = 'document_pdf' THEN (SELECT coalesce(dc.number, dc.kind) FROM documents dc WHERE dc.id = h.record_id)
          WHEN h.record_kind IN ('flag_clip', 'flag_snapshot') THEN (SELECT b.name || ' · ' || f.type FROM flags f JOIN businesses b ON b.id = f.business_id WHERE f.id = h.record_id)
          WHEN h.record_kind = 'segment' THEN (SELECT b.name || ' · ' || dv.name FROM recording_segments s JOIN devices dv ON dv.id = s.device_id JOIN businesses b ON b.id = dv.business_id WHERE s.id = h.record_id)
        END`.as('record_label'),
      ]);

  return {
    /**
     * The record a hold names, as the access layer knows its owner, and its bytes' SHA-256 where
     * it is one blob (core/records/record-ref.ts); undefined when there is no such record.
     */
    async target(kind: HoldRecordKind, id: string): Promise<{ resource: Resource; sha256: string | null } | undefined> {
      if (!UUID.test(id)) return undefined;
      switch (kind) {
        case 'recording':
          return (await db.selectFrom('devices').select('id').where('id', '=', id).executeTakeFirst()) ? { resource: { kind: 'device', id }, sha256: null } : undefined;
        case 'case':
          return (await db.selectFrom('cases').select('id').where('id', '=', id).executeTakeFirst()) ? { resource: { kind: 'case', id }, sha256: null } : undefined;
        case 'segment': {
          const s = await db.selectFrom('recording_segments').select('blob_sha256').where('id', '=', id).executeTakeFirst();
          return s ? { resource: { kind: 'segment', id }, sha256: s.blob_sha256 } : undefined;
        }
        case 'flag_snapshot': {
          const f = await db.selectFrom('flags').select('snapshot_sha256').where('id', '=', id).executeTakeFirst();
          return f?.snapshot_sha256 ? { resource: { kind: 'flag', id }, sha256: f.snapshot_sha256 } : undefined;
        }
        case 'flag_clip': {
          const c = await db.selectFrom('flag_clips').select('blob_sha256').where('flag_id', '=', id).orderBy('version', 'desc').limit(1).executeTakeFirst();
          return c ? { resource: { kind: 'flag', id }, sha256: c.blob_sha256 } : undefined;
        }
        case 'document_pdf': {
          const d = await db.selectFrom('documents').select('pdf_sha256').where('id', '=', id).executeTakeFirst();
          return d ? { resource: { kind: 'document', id }, sha256: d.pdf_sha256 } : undefined;
        }
      }
    },
    insert: (trx: Db, values: Insertable<RecordHoldsTable>) => trx.insertInto('record_holds').values(values).returningAll().executeTakeFirstOrThrow(),
    lock: (trx: Db, id: string) => (UUID.test(id) ? trx.selectFrom('record_holds').selectAll().where('id', '=', id).forUpdate().executeTakeFirst() : Promise.resolve(undefined)),
    update: (trx: Db, id: string, set: Updateable<RecordHoldsTable>) =>
      trx
        .updateTable('record_holds')
        .set((eb) => ({ ...set, version: eb('version', '+', 1) }))
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow(),
    get: (id: string) => (UUID.test(id) ? (listed(db).where('h.id', '=', id).executeTakeFirst() as Promise<HoldListed | undefined>) : Promise.resolve(undefined)),
    /** The requester's own holds, newest first. */
    mine: (userId: string) => listed(db).where('h.requested_by', '=', userId).orderBy('h.requested_at', 'desc').limit(200).execute() as Promise<HoldListed[]>,
    /** Holds on records owned inside an agency subtree, pending or in force (with released ones when asked). */
    forUnit: (agencyPath: string, withEnded: boolean) => {
      let q = listed(db).where(sql<boolean>`oa.path LIKE ${`${escapeLike(agencyPath)}%`}`);
      if (!withEnded) q = q.where('h.status', 'in', ['pending', 'in_force']);
      return q.orderBy('h.review_on').orderBy('h.requested_at').limit(500).execute() as Promise<HoldListed[]>;
    },
    /** The manager's agency path (the unit he heads), for the owning-unit rule. */
  };
}
export type HoldRepository = ReturnType<typeof createHoldRepository>;
