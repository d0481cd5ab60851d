import { sql } from 'kysely';
import type { Db } from '../../core/db/connect.js';
import { appendLedger } from '../../core/ledger/append.js';

/** What happened to a record, as the trail lists it (issue 15 item 6). */
export type TrailEventKind = 'created' | 'changed' | 'viewed' | 'played' | 'live' | 'downloaded' | 'exported' | 'printed' | 'refused' | 'retention' | 'held' | 'purged';

export type TrailEvent = {
  at: Date;
  event: TrailEventKind;
  /** Where it is written: a ledger entry, a row of the read log, of the export log, a signed deletion record. */
  source: 'ledger' | 'read' | 'export' | 'deletion';
  /** The ledger action, the read's action, the export id or the deletion rule. */
  action: string;
  actor: { id: string | null; name: string | null; role: string | null; type: string };
  ip: string | null;
  grantId: string | null;
  ledger: { id: string; hash: string | null } | null;
  detail: string | null;
};

/** A ledger action's place in the trail: what it did to the record. */
export function ledgerEvent(action: string): TrailEventKind {
  if (/\.(purged|deleted)$/.test(action)) return 'purged';
  if (/(^|\.|_)(hold|held|unheld|released)($|\.|_)/.test(action)) return 'held';
  if (/retention/.test(action)) return 'retention';
  if (action === 'audit.trail_printed') return 'printed';
  if (action === 'record.exported') return 'exported';
  if (action === 'access.denied' || /refused$/.test(action)) return 'refused';
  if (/\.read$/.test(action)) return 'viewed';
  if (/\.(created|stored|issued|uploaded|recorded|raised|cut|signed|submitted)$/.test(action)) return 'created';
  return 'changed';
}

const READ_EVENT: Record<string, TrailEventKind> = { view: 'viewed', play: 'played', live: 'live', download: 'downloaded', export: 'exported', print: 'printed' };

type Ref = { kind: string; id: string; entityType: string; sha256: string | null };

/** The trail's queries: a record's ledger entries, reads, copies and deletion records, and the printing of a trail. */
export function createRecordTrailRepository(db: Db) {
  return {
    /** Every event of the record, in time order (ledger entries by id where two share a time). */
    async trail(ref: Ref): Promise<TrailEvent[]> {
      const sha = ref.sha256;
      const [ledger, reads, exports, deletions] = await Promise.all([
        sql<{ id: string; recorded_at: Date; action: string; actor_type: string; actor_id: string | null; name: string | null; role: string | null; ip: string | null; grant_id: string | null; hash: string | null; detail: string | null }>`
          SELECT e.id, e.recorded_at, e.action, e.actor_type, e.actor_id, u.display_name AS name, u.role,
                 coalesce(e.context->>'ip', e.context->>'address') AS ip, e.context->>'grantId' AS grant_id,
                 encode(c.leaf_hash, 'hex') AS hash, coalesce(e.context->>'reason', e.context->>'rule') AS detail
          FROM ledger_entries e
          LEFT JOIN ledger_chain c ON c.entry_id = e.id
          LEFT JOIN users u ON e.actor_type = 'user' AND u.id::text = e.actor_id
          WHERE e.entity_type <> 'record_export'
            AND ((e.entity_type = ${ref.entityType} AND e.entity_id = ${ref.id}) ${sha ? sql`OR e.context->>'sha256' = ${sha}` : sql``})
          ORDER BY e.id`.execute(db),
        sql<{ id: string; at: Date; user_id: string | null; user_name: string; role: string; action: string; outcome: string; denied_reason: string | null; ip: string | null; grant_id: string | null; bytes: string | null; export_id: string | null }>`
          SELECT id, at, user_id, user_name, role, action, outcome, denied_reason, ip, grant_id, bytes, export_id FROM record_reads
          WHERE (record_kind = ${ref.kind} AND record_id = ${ref.id}) ${sha ? sql`OR sha256 = ${sha}` : sql``}
          ORDER BY at, id`.execute(db),
        sql<{ id: string; created_at: Date; exported_by: string; viewer_name: string; role: string | null; ip: string | null; reference_kind: string | null; reference: string | null; ledger_id: string | null; hash: string | null }>`
          SELECT x.id, x.created_at, x.exported_by, x.viewer_name, u.role, x.ip, x.reference_kind, x.reference, e.id AS ledger_id, encode(c.leaf_hash, 'hex') AS hash
          FROM record_exports x
          LEFT JOIN users u ON u.id = x.exported_by
          LEFT JOIN ledger_entries e ON e.entity_type = 'record_export' AND e.entity_id = x.id AND e.action = 'record.exported'
          LEFT JOIN ledger_chain c ON c.entry_id = e.id
          WHERE (x.record_kind = ${ref.kind} AND x.record_id = ${ref.id}) ${sha ? sql`OR x.original_sha256 = ${sha}` : sql``}
          ORDER BY x.created_at`.execute(db),
        sha
          ? sql<{ sha256: string; deleted_at: Date; rule: string; key_id: string; size: string }>`SELECT sha256, deleted_at, rule, key_id, size FROM blob_deletions WHERE sha256 = ${sha}`.execute(db)
          : Promise.resolve({ rows: [] }),
      ]);
      const events: (TrailEvent & { order: number })[] = [
        ...ledger.rows.map((e) => ({
          at: new Date(e.recorded_at), event: ledgerEvent(e.action), source: 'ledger' as const, action: e.action,
          actor: { id: e.actor_id, name: e.name ?? (e.actor_type === 'user' ? null : e.actor_id), role: e.role, type: e.actor_type },
          ip: e.ip, grantId: e.grant_id, ledger: { id: String(e.id), hash: e.hash }, detail: e.detail, order: 0,
        })),
        ...reads.rows.map((r) => ({
          at: new Date(r.at), event: r.outcome === 'denied' ? ('refused' as const) : READ_EVENT[r.action], source: 'read' as const, action: r.action,
          actor: { id: r.user_id, name: r.user_name, role: r.role, type: 'user' }, ip: r.ip, grantId: r.grant_id, ledger: null,
          detail: r.outcome === 'denied' ? r.denied_reason : [r.bytes !== null ? `${r.bytes} B` : null, r.export_id].filter(Boolean).join(' ') || null, order: 1,
        })),
        ...exports.rows.map((x) => ({
          at: new Date(x.created_at), event: 'exported' as const, source: 'export' as const, action: x.id,
          actor: { id: x.exported_by, name: x.viewer_name, role: x.role, type: 'user' }, ip: x.ip, grantId: x.reference_kind === 'grant' ? x.reference : null,
          ledger: x.ledger_id ? { id: String(x.ledger_id), hash: x.hash } : null, detail: x.reference_kind && x.reference ? `${x.reference_kind}: ${x.reference}` : null, order: 2,
        })),
        ...deletions.rows.map((d) => ({
          at: new Date(d.deleted_at), event: 'purged' as const, source: 'deletion' as const, action: d.rule,
          actor: { id: null, name: null, role: null, type: 'system' }, ip: null, grantId: null, ledger: null, detail: `signed deletion record, key ${d.key_id}, ${d.size} B`, order: 3,
        })),
      ];
      // Stable: ledger entries keep their id order, reads theirs, among events of the same instant.
      return events.sort((a, b) => a.at.getTime() - b.at.getTime() || a.order - b.order).map(({ order: _order, ...e }) => e);
    },

    /** The SHA-256 of the record's bytes, as the read and export logs name it; null when neither knows it. */
    async sha256Of(kind: string, id: string): Promise<string | null> {
      const { rows } = await sql<{ sha256: string | null }>`
        SELECT coalesce(
          (SELECT sha256 FROM record_reads WHERE record_kind = ${kind} AND record_id = ${id} AND sha256 IS NOT NULL ORDER BY at DESC LIMIT 1),
          (SELECT original_sha256 FROM record_exports WHERE record_kind = ${kind} AND record_id = ${id} ORDER BY created_at DESC LIMIT 1)) AS sha256`.execute(db);
      return rows[0]?.sha256 ?? null;
    },

    /** The record a SHA-256 names (in the read log, else the export log, by original or copy), newest first; null when none. */
    async recordBySha(sha256: string): Promise<{ kind: string; id: string } | null> {
      const { rows } = await sql<{ kind: string; id: string }>`
        (SELECT record_kind AS kind, record_id AS id FROM record_reads WHERE sha256 = ${sha256} ORDER BY at DESC LIMIT 1)
        UNION ALL
        (SELECT record_kind, record_id FROM record_exports WHERE original_sha256 = ${sha256} OR file_sha256 = ${sha256} ORDER BY created_at DESC LIMIT 1)
        LIMIT 1`.execute(db);
      return rows[0] ?? null;
    },

    /** The agency whose records the read log says these are (for kinds the access layer cannot place): the latest read's. */
    async loggedOwner(kind: string, id: string): Promise<{ agencyPath: string } | null> {
      const { rows } = await sql<{ path: string | null }>`
        SELECT coalesce(
          (SELECT agency_path FROM record_reads WHERE record_kind = ${kind} AND record_id = ${id} AND agency_path IS NOT NULL ORDER BY at DESC LIMIT 1),
          (SELECT a.path FROM record_exports x JOIN agencies a ON a.id = x.agency_id WHERE x.record_kind = ${kind} AND x.record_id = ${id} ORDER BY x.created_at DESC LIMIT 1)) AS path`.execute(db);
      return rows[0]?.path ? { agencyPath: rows[0].path } : null;
    },

    async agencyName(path: string): Promise<string | null> {
      const row = await db.selectFrom('agencies').select('name').where('path', '=', path).executeTakeFirst();
      return row?.name ?? null;
    },

    /** Printing a record's trail is ledgered as audit.trail_printed on the record's entity (its read row is the read path's, api/records). */
    async printed(p: { ref: Ref; user: { id: string }; ip: string | null; requestId: string; events: number }): Promise<void> {
      await appendLedger(db, {
        actor: { type: 'user', id: p.user.id },
        requestId: p.requestId,
        action: 'audit.trail_printed',
        entityType: p.ref.entityType,
        entityId: p.ref.id,
        state: null,
        context: { recordKind: p.ref.kind, recordId: p.ref.id, sha256: p.ref.sha256, events: p.events, ip: p.ip },
      });
    },
  };
}
export type RecordTrailRepository = ReturnType<typeof createRecordTrailRepository>;
