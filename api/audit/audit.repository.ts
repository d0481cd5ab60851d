import { sql } from 'kysely';
import type { Db } from '../../core/db/connect.js';
import { escapeLike } from '../access/scope.js';

/** What an auditor reads: who got in and who was refused, and who read an archived case (access), and who changed accounts and agencies (administration). */
export const AUDIT_KINDS = { access: ['auth.%', 'access.%', 'case_archive.read'], administration: ['user.%', 'agency.%'] } as const;
export type AuditKind = keyof typeof AUDIT_KINDS;

export type AuditRow = { id: string; at: Date; action: string; entityType: string; entityId: string | null; actorName: string | null; subjectName: string | null; ip: string | null; reason: string | null; sealed: boolean };

export function createAuditRepository(db: Db) {
  return {
    /**
     * Ledger entries of one kind, newest first, before an entry id (paging). Access entries are the
     * platform's (admins and auditors see all of them); administration entries only about accounts
     * and agencies in the caller's subtree.
     */
    async entries(kind: AuditKind, agencyPath: string, opts: { before?: string; limit: number }): Promise<AuditRow[]> {
      const patterns = AUDIT_KINDS[kind];
      const like = sql.join(patterns.map((p) => sql`e.action LIKE ${p}`), sql` OR `);
      const inScope =
        kind === 'administration'
          ? sql`AND ((e.entity_type = 'user' AND EXISTS (SELECT 1 FROM users su LEFT JOIN agencies sa ON sa.id = su.agency_id LEFT JOIN businesses sb ON sb.id = su.business_id LEFT JOIN agencies sba ON sba.id = sb.agency_id
                   WHERE su.id::text = e.entity_id AND (sa.path LIKE ${`${escapeLike(agencyPath)}%`} OR sba.path LIKE ${`${escapeLike(agencyPath)}%`})))
                 OR (e.entity_type = 'agency' AND EXISTS (SELECT 1 FROM agencies ea WHERE ea.id::text = e.entity_id AND ea.path LIKE ${`${escapeLike(agencyPath)}%`})))`
          : sql``;
      const rows = await sql<{ id: string; recorded_at: Date; action: string; entity_type: string; entity_id: string | null; actor_name: string | null; subject_name: string | null; ip: string | null; reason: string | null; sealed: boolean }>`
        SELECT e.id, e.recorded_at, e.action, e.entity_type, e.entity_id,
               coalesce(u.display_name, e.actor_id) AS actor_name,
               coalesce(su.display_name || ' (' || su.username || ')', ag.name, e.context->>'username', e.context->>'account') AS subject_name,
               coalesce(e.context->>'ip', e.context->>'address', e.state->>'ip') AS ip,
               coalesce(e.context->>'reason', (e.context->>'method') || ' ' || (e.context->>'path')) AS reason,
               EXISTS (SELECT 1 FROM ledger_chain c WHERE c.entry_id = e.id) AS sealed
        FROM ledger_entries e
        LEFT JOIN users u ON e.actor_type = 'user' AND u.id::text = e.actor_id
        LEFT JOIN users su ON e.entity_type = 'user' AND su.id::text = e.entity_id
        LEFT JOIN agencies ag ON e.entity_type = 'agency' AND ag.id::text = e.entity_id
        WHERE (${like}) ${inScope} ${opts.before ? sql`AND e.id < ${opts.before}` : sql``}
        ORDER BY e.id DESC LIMIT ${opts.limit}`.execute(db);
      return rows.rows.map((r) => ({ id: String(r.id), at: new Date(r.recorded_at), action: r.action, entityType: r.entity_type, entityId: r.entity_id, actorName: r.actor_name, subjectName: r.subject_name, ip: r.ip, reason: r.reason, sealed: r.sealed }));
    },

    /** How far the ledger is sealed: entries written, entries chained, the last signed checkpoint. */
    async status() {
      const [entries, chained, checkpoint] = await Promise.all([
        db.selectFrom('ledger_entries').select((eb) => eb.fn.max('id').as('n')).executeTakeFirst(),
        db.selectFrom('ledger_chain').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst(),
        db.selectFrom('ledger_checkpoints').select(['tree_size', 'signed_at', 'key_id']).orderBy('tree_size', 'desc').limit(1).executeTakeFirst(),
      ]);
      return {
        entries: Number(entries?.n ?? 0),
        sealed: Number(chained?.n ?? 0),
        checkpoint: checkpoint ? { treeSize: Number(checkpoint.tree_size), signedAt: new Date(checkpoint.signed_at).toISOString(), keyId: checkpoint.key_id } : null,
      };
    },
  };
}
export type AuditRepository = ReturnType<typeof createAuditRepository>;
