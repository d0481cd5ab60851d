import { sql } from 'kysely';
import type { Db } from '../../core/db/connect.js';
import type { Owner } from './scope.js';

/** Records whose access is decided by the business (and agency) that owns them. */
export type ResourceKind =
  | 'agency'
  | 'business'
  | 'site'
  | 'device'
  | 'service_address'
  | 'service_address_confirmation'
  | 'consent'
  | 'credential'
  | 'segment'
  | 'rule'
  | 'flag'
  | 'finding'
  | 'document'
  | 'case'
  | 'delivery'
  | 'access_request'
  | 'user'
  // Self-inspection reports (issue 16 item 3): a report and its photos belong to the business.
  | 'self_report'
  | 'self_report_photo';
export type Resource = { kind: ResourceKind; id: string };
/** A record an access grant (调用单) can cover: a stretch of a device's recording, a case, a document. */
export type GrantedRecord = { kind: 'device'; id: string; from: Date; to: Date } | { kind: 'case' | 'document'; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How each owned table reaches its business: directly, or through the device or record it hangs on. */
const BUSINESS_OF: Record<string, { table: string; via: 'self' | 'business_id' | 'device' | { parent: string; column: string } }> = {
  business: { table: 'businesses', via: 'self' },
  site: { table: 'sites', via: 'business_id' },
  device: { table: 'devices', via: 'business_id' },
  service_address: { table: 'service_addresses', via: 'business_id' },
  service_address_confirmation: { table: 'service_address_confirmations', via: 'business_id' },
  consent: { table: 'consents', via: 'business_id' },
  flag: { table: 'flags', via: 'business_id' },
  finding: { table: 'findings', via: 'business_id' },
  credential: { table: 'device_credentials', via: 'device' },
  device_credential: { table: 'device_credentials', via: 'device' },
  segment: { table: 'recording_segments', via: 'device' },
  recording_segment: { table: 'recording_segments', via: 'device' },
  rule: { table: 'analysis_rules', via: 'device' },
  analysis_rule: { table: 'analysis_rules', via: 'device' },
  device_alert: { table: 'device_alerts', via: 'device' },
  media_view: { table: 'media_views', via: 'device' },
  publish_session: { table: 'publish_sessions', via: 'device' },
  device_reference_scene: { table: 'devices', via: 'business_id' },
  flag_review: { table: 'flag_reviews', via: { parent: 'flags', column: 'flag_id' } },
  consent_attachment: { table: 'consent_attachments', via: { parent: 'consents', column: 'consent_id' } },
  finding_attachment: { table: 'finding_attachments', via: { parent: 'findings', column: 'finding_id' } },
  // The old notice rows (read-only since 20261207T060000), kept for their ledger entries; new notices are 'delivery' rows.
  finding_delivery: { table: 'finding_deliveries', via: { parent: 'findings', column: 'finding_id' } },
  finding_decision: { table: 'finding_decisions', via: { parent: 'findings', column: 'finding_id' } },
  case: { table: 'cases', via: 'business_id' },
  case_flag: { table: 'case_flags', via: { parent: 'cases', column: 'case_id' } },
  case_stage: { table: 'case_stages', via: { parent: 'cases', column: 'case_id' } },
  case_evidence: { table: 'case_evidence', via: { parent: 'cases', column: 'case_id' } },
  case_clock: { table: 'case_clocks', via: { parent: 'cases', column: 'case_id' } },
  case_document: { table: 'case_documents', via: { parent: 'cases', column: 'case_id' } },
  case_payment: { table: 'case_payments', via: { parent: 'cases', column: 'case_id' } },
  case_archive: { table: 'case_archives', via: { parent: 'cases', column: 'case_id' } },
  case_party_file: { table: 'case_party_files', via: { parent: 'cases', column: 'case_id' } },
  delivery: { table: 'deliveries', via: 'business_id' },
  delivery_channel: { table: 'delivery_channels', via: { parent: 'deliveries', column: 'delivery_id' } },
  delivery_event: { table: 'delivery_events', via: { parent: 'deliveries', column: 'delivery_id' } },
  // Credit grades (issue 16 item 4): each computed grade belongs to its business.
  credit_grade: { table: 'credit_grades', via: 'business_id' },
  // Self-inspection reports (issue 16 item 3)
  self_report: { table: 'self_inspection_reports', via: 'business_id' },
  self_inspection_report: { table: 'self_inspection_reports', via: 'business_id' },
  self_report_photo: { table: 'self_inspection_photos', via: 'business_id' },
  self_inspection_photo: { table: 'self_inspection_photos', via: 'business_id' },
};

type OwnerRow = { business_id: string | null; agency_id: string; agency_path: string };
const toOwner = (r: OwnerRow | undefined): Owner | null => (r ? { businessId: r.business_id, agencyId: r.agency_id, agencyPath: r.agency_path } : null);

/** The only queries of the access layer: who owns a record. */
export function createAccessRepository(db: Db) {
  async function byBusinessOf(type: string, id: string): Promise<Owner | null> {
    const how = BUSINESS_OF[type];
    if (!how || !UUID.test(id)) return null;
    const t = sql.table(how.table);
    const business =
      how.via === 'self'
        ? sql`SELECT ${id}::uuid AS business_id`
        : how.via === 'business_id'
          ? sql`SELECT business_id FROM ${t} WHERE id = ${id}::uuid`
          : how.via === 'device'
            ? sql`SELECT d.business_id FROM ${t} x JOIN devices d ON d.id = x.device_id WHERE x.id = ${id}::uuid`
            : sql`SELECT p.business_id FROM ${t} x JOIN ${sql.table(how.via.parent)} p ON p.id = x.${sql.ref(how.via.column)} WHERE x.id = ${id}::uuid`;
    const { rows } = await sql<OwnerRow>`
      SELECT b.id::text AS business_id, a.id::text AS agency_id, a.path AS agency_path
      FROM (${business}) o JOIN businesses b ON b.id = o.business_id JOIN agencies a ON a.id = b.agency_id`.execute(db);
    return toOwner(rows[0]);
  }

  async function ownerOf(type: string, id: string): Promise<Owner | null> {
    if (!UUID.test(id)) return null;
    if (type === 'agency') {
      const { rows } = await sql<OwnerRow>`SELECT NULL AS business_id, id::text AS agency_id, path AS agency_path FROM agencies WHERE id = ${id}::uuid`.execute(db);
      return toOwner(rows[0]);
    }
    if (type === 'document') {
      // A document belongs to the agency that issued it (any of its version rows' ids will do).
      const { rows } = await sql<OwnerRow>`SELECT NULL AS business_id, a.id::text AS agency_id, a.path AS agency_path FROM documents d JOIN agencies a ON a.id = d.agency_id WHERE d.id = ${id}::uuid`.execute(db);
      return toOwner(rows[0]);
    }
    if (type === 'access_request') {
      // A request for access (调用单) belongs to the agency that owns the records it names.
      const { rows } = await sql<OwnerRow>`SELECT NULL AS business_id, a.id::text AS agency_id, a.path AS agency_path FROM access_requests r JOIN agencies a ON a.id = r.owner_agency_id WHERE r.id = ${id}::uuid`.execute(db);
      return toOwner(rows[0]);
    }
    if (type === 'user') {
      const { rows } = await sql<OwnerRow>`
        SELECT u.business_id::text AS business_id, coalesce(a.id, ba.id)::text AS agency_id, coalesce(a.path, ba.path) AS agency_path
        FROM users u LEFT JOIN agencies a ON a.id = u.agency_id
        LEFT JOIN businesses b ON b.id = u.business_id LEFT JOIN agencies ba ON ba.id = b.agency_id
        WHERE u.id = ${id}::uuid`.execute(db);
      return rows[0]?.agency_path ? toOwner(rows[0]) : null;
    }
    return byBusinessOf(type, id);
  }

  return {
    ownerOf: (r: Resource) => ownerOf(r.kind, r.id),

    /**
     * The caller's approved access grant (调用单) on this record, valid at `now` — for a device,
     * one whose window holds the whole stretch read — the latest-ending first; null when none.
     */
    async activeGrant(userId: string, record: GrantedRecord, now: Date): Promise<{ id: string } | null> {
      if (!UUID.test(record.id)) return null;
      let q = db
        .selectFrom('access_requests')
        .select('id')
        .where('requester_id', '=', userId)
        .where('purpose', '=', 'access')
        .where('status', '=', 'approved')
        .where('record_kind', '=', record.kind)
        .where('record_id', '=', record.id)
        .where('valid_from', '<=', now)
        .where('valid_until', '>', now);
      if (record.kind === 'device') q = q.where('window_from', '<=', record.from).where('window_to', '>=', record.to);
      return (await q.orderBy('valid_until', 'desc').limit(1).executeTakeFirst()) ?? null;
    },

    /** A grant as the access layer checks it again at a later read (its holder, status and validity). */
    grant: (id: string) =>
      UUID.test(id) ? db.selectFrom('access_requests').select(['id', 'requester_id', 'purpose', 'status', 'valid_from', 'valid_until', 'record_kind', 'record_id']).where('id', '=', id).executeTakeFirst() : Promise.resolve(undefined),

    /**
     * The ledger entry and who owns what it is about: `owner` null for platform entries (settings,
     * denials, sessions, entries of deleted kinds) that belong to no business or agency.
     */
    async ledgerEntry(entryId: string): Promise<{ owner: Owner | null } | null> {
      if (!/^\d{1,18}$/.test(entryId)) return null;
      const e = await db.selectFrom('ledger_entries').select(['entity_type', 'entity_id']).where('id', '=', entryId).executeTakeFirst();
      if (!e) return null;
      const owned = e.entity_type === 'agency' || e.entity_type === 'user' || e.entity_type === 'document' || e.entity_type === 'access_request' || e.entity_type in BUSINESS_OF;
      return { owner: owned && e.entity_id ? await ownerOf(e.entity_type, e.entity_id) : null };
    },
  };
}
export type AccessRepository = ReturnType<typeof createAccessRepository>;
