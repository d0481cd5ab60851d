import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Db } from '../../core/db/connect.js';
import type { AccessRequestsTable } from '../../core/db/database.js';
import { escapeLike } from '../access/scope.js';

export type AccessRequestRow = Selectable<AccessRequestsTable>;

/** A request with the names the lists show: requester, record, owning agency, approver. */
export type AccessRequestListed = AccessRequestRow & {
  requester_name: string;
  requester_agency_name: string | null;
  owner_agency_name: string;
  decided_by_name: string | null;
  revoked_by_name: string | null;
  record_label: string | null;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The queries of access requests (调用单); services call these, never Kysely. */
export function createAccessRequestRepository(db: Db) {
  const listed = (q: Db) =>
    q
      .selectFrom('access_requests as r')
      .innerJoin('users as u', 'u.id', 'r.requester_id')
      .leftJoin('agencies as ua', 'ua.id', 'u.agency_id')
      .innerJoin('agencies as oa', 'oa.id', 'r.owner_agency_id')
      .leftJoin('users as d', 'd.id', 'r.decided_by')
      .leftJoin('users as v', 'v.id', 'r.revoked_by')
      .selectAll('r')
      .select([
        'u.display_name as requester_name',
        'ua.name as requester_agency_name',
        'oa.name as owner_agency_name',
        'd.display_name as decided_by_name',
        'v.display_name as revoked_by_name',
        // What the record is called: the device and its business; the case's business and cause; the document's number (or kind).
        sql<string | null>`CASE r.record_kind
          WHEN 'device' THEN (SELECT b.name || ' · ' || dv.name FROM devices dv JOIN businesses b ON b.id = dv.business_id WHERE dv.id = r.record_id)
          WHEN 'case' THEN (SELECT b.name || ' · ' || c.cause FROM cases c JOIN businesses b ON b.id = c.business_id WHERE c.id = r.record_id)
          WHEN 'document' THEN (SELECT coalesce(dc.number, dc.kind) FROM documents dc WHERE dc.id = r.record_id)
        END`.as('record_label'),
      ]);

  return {
    insert: (trx: Db, values: Insertable<AccessRequestsTable>) => trx.insertInto('access_requests').values(values).returningAll().executeTakeFirstOrThrow(),
    lock: (trx: Db, id: string) => (UUID.test(id) ? trx.selectFrom('access_requests').selectAll().where('id', '=', id).forUpdate().executeTakeFirst() : Promise.resolve(undefined)),
    update: (trx: Db, id: string, set: Updateable<AccessRequestsTable>) =>
      trx
        .updateTable('access_requests')
        .set((eb) => ({ ...set, version: eb('version', '+', 1) }))
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow(),
    get: (id: string) => (UUID.test(id) ? listed(db).where('r.id', '=', id).executeTakeFirst() : Promise.resolve(undefined)) as Promise<AccessRequestListed | undefined>,
    /** The requester's own requests, newest first. */
    mine: (userId: string) => listed(db).where('r.requester_id', '=', userId).orderBy('r.created_at', 'desc').limit(200).execute() as Promise<AccessRequestListed[]>,
    /** Requests for records owned inside an agency subtree: pending ones, and grants in force (to revoke). */
    forUnit: (agencyPath: string, now: Date) =>
      listed(db)
        .where(sql<boolean>`oa.path LIKE ${`${escapeLike(agencyPath)}%`}`)
        .where((eb) => eb.or([eb('r.status', '=', 'pending'), eb.and([eb('r.status', '=', 'approved'), eb('r.valid_until', '>', now)])]))
        .orderBy('r.created_at')
        .limit(500)
        .execute() as Promise<AccessRequestListed[]>,
    /** The manager's agency path (the unit he heads), for the owning-unit rule. */
    /** An approved publication of the record valid at `now` (its request id), or null. */
    activePublication: async (record: { kind: string; id: string }, now: Date) =>
      UUID.test(record.id)
        ? ((
            await db
              .selectFrom('access_requests')
              .select('id')
              .where('purpose', '=', 'publication')
              .where('status', '=', 'approved')
              .where('record_kind', '=', record.kind as never)
              .where('record_id', '=', record.id)
              .where('valid_from', '<=', now)
              .where('valid_until', '>', now)
              .executeTakeFirst()
          )?.id ?? null)
        : null,
    /** Approved grants whose period has ended, locked for the expiry sweep. */
    dueToExpire: (trx: Db, now: Date) => trx.selectFrom('access_requests').selectAll().where('status', '=', 'approved').where('valid_until', '<=', now).forUpdate().skipLocked().execute(),
  };
}
export type AccessRequestRepository = ReturnType<typeof createAccessRequestRepository>;
