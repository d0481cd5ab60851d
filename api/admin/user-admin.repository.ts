import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { Db } from '../../core/db/connect.js';
import type { AgenciesTable, Database, UsersTable } from '../../core/db/database.js';
import { escapeLike } from '../access/scope.js';

type Trx = Kysely<Database>;
export type AuditEntry = { id: string; at: Date; action: string; actorName: string | null; reason: string | null; state: unknown; sealed: boolean };

/** The queries of account and agency administration. */
export function createUserAdminRepository(db: Db) {
  return {
    agency: (id: string) => db.selectFrom('agencies').selectAll().where('id', '=', id).executeTakeFirst(),
    businessAgencyPath: (businessId: string) => db.selectFrom('businesses as b').innerJoin('agencies as a', 'a.id', 'b.agency_id').select('a.path').where('b.id', '=', businessId).executeTakeFirst(),
    user: (id: string) => db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst(),

    /** Accounts of agencies (and businesses supervised by agencies) under the path. */
    listUsers(agencyPath: string, id?: string) {
      let q = db
        .selectFrom('users as u')
        .leftJoin('agencies as a', 'a.id', 'u.agency_id')
        .leftJoin('businesses as b', 'b.id', 'u.business_id')
        .leftJoin('agencies as ba', 'ba.id', 'b.agency_id')
        .select(['u.id', 'u.username', 'u.display_name', 'u.role', 'u.agency_id', 'a.name as agency_name', 'u.business_id', 'b.name as business_name', 'u.status', 'u.version', 'u.email', 'u.phone', 'u.certificate_no', 'u.created_at'])
        .where((eb) => eb.or([eb('a.path', 'like', `${escapeLike(agencyPath)}%`), eb('ba.path', 'like', `${escapeLike(agencyPath)}%`)]))
        .orderBy('u.username');
      if (id) q = q.where('u.id', '=', id);
      return q.execute();
    },

    insertAgency: (trx: Trx, row: Insertable<AgenciesTable>) => trx.insertInto('agencies').values(row).returningAll().executeTakeFirstOrThrow(),
    updateAgency: (trx: Trx, id: string, set: Updateable<AgenciesTable>) => trx.updateTable('agencies').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow(),
    insertUser: (trx: Trx, row: Insertable<UsersTable>) => trx.insertInto('users').values(row).returningAll().executeTakeFirstOrThrow(),

    /** Updates an account if it is still at the version the admin saw; undefined when it is not. */
    updateUser: (trx: Trx, id: string, set: Updateable<UsersTable>, expectedVersion?: number) => {
      let q = trx
        .updateTable('users')
        .set((eb) => ({ ...set, version: eb('version', '+', 1), updated_at: new Date() }))
        .where('id', '=', id);
      if (expectedVersion !== undefined) q = q.where('version', '=', expectedVersion);
      return q.returningAll().executeTakeFirst();
    },

    revokeSessions: (trx: Trx, userId: string) => trx.updateTable('sessions').set({ revoked_at: new Date() }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute(),

    /** The ledger's entries about one record, newest first: who, when, why, and the state it left. */
    async history(entityType: 'user' | 'agency', id: string): Promise<AuditEntry[]> {
      const rows = await sql<{ id: string; recorded_at: Date; action: string; actor_name: string | null; reason: string | null; state: unknown; sealed: boolean }>`
        SELECT e.id, e.recorded_at, e.action, coalesce(u.display_name, e.actor_id) AS actor_name,
               e.context->>'reason' AS reason, e.state,
               EXISTS (SELECT 1 FROM ledger_chain c WHERE c.entry_id = e.id) AS sealed
        FROM ledger_entries e
        LEFT JOIN users u ON e.actor_type = 'user' AND u.id::text = e.actor_id
        WHERE e.entity_type = ${entityType} AND e.entity_id = ${id}
        ORDER BY e.id DESC LIMIT 200`.execute(db);
      return rows.rows.map((r) => ({ id: String(r.id), at: new Date(r.recorded_at), action: r.action, actorName: r.actor_name, reason: r.reason, state: r.state, sealed: r.sealed }));
    },
  };
}
export type UserAdminRepository = ReturnType<typeof createUserAdminRepository>;
