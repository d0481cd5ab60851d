import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import { stateDigest } from './canonical.js';

/** Registry tables whose every row must match the state in its latest ledger entry. */
type Children = { field: string; table: string; parent: string; order: string };
/**
 * omit: columns that move without a ledger entry (or are anchored otherwise); key: the id column;
 * children: rows of a child table written with their parent and never on their own, folded into the
 * parent's state as `field` (each without its parent column, sorted by `order`): see `withChildren`.
 */
const TRACKED: { entityType: string; table: string; omit?: string[]; key?: string; children?: Children }[] = [
  { entityType: 'agency', table: 'agencies' },
  { entityType: 'business', table: 'businesses' },
  { entityType: 'site', table: 'sites' },
  { entityType: 'device', table: 'devices' },
  { entityType: 'service_address', table: 'service_addresses' },
  // The signed 送达地址确认书, one row per version, never changed.
  { entityType: 'service_address_confirmation', table: 'service_address_confirmations' },
  { entityType: 'user', table: 'users', omit: ['password_hash'] },
  { entityType: 'consent', table: 'consents' },
  { entityType: 'consent_attachment', table: 'consent_attachments' },
  { entityType: 'device_credential', table: 'device_credentials' },
  { entityType: 'publish_session', table: 'publish_sessions' },
  { entityType: 'recording_segment', table: 'recording_segments' },
  { entityType: 'device_alert', table: 'device_alerts' },
  { entityType: 'analysis_rule', table: 'analysis_rules' },
  { entityType: 'flag', table: 'flags' },
  { entityType: 'finding', table: 'findings' },
  // Read-only since finding notices became deliveries (20261207T060000): its rows keep matching their entries.
  { entityType: 'finding_delivery', table: 'finding_deliveries' },
  { entityType: 'finding_attachment', table: 'finding_attachments' },
  { entityType: 'finding_decision', table: 'finding_decisions' },
  // One reference scene per device: its key (and ledger entity id) is the device id.
  { entityType: 'device_reference_scene', table: 'device_reference_scenes', key: 'device_id' },
  // The officer's review (R5): every open, view and decision; policies; the holiday calendar (keyed by day).
  { entityType: 'flag_review', table: 'flag_reviews' },
  { entityType: 'handling_policy', table: 'handling_policies' },
  { entityType: 'holiday', table: 'holidays', key: 'day' },
  // The agencies' seal certificates (core/seal): a signature's certificate is found here by fingerprint.
  { entityType: 'agency_seal_certificate', table: 'agency_seal_certificates' },
  // Issued documents (R8): one row per version, each ledgered when issued or corrected.
  { entityType: 'document', table: 'documents' },
  // Cases (R7, R8): the case, its flags, stages, evidence, clocks with their pauses and extensions, documents, settings.
  { entityType: 'case', table: 'cases' },
  { entityType: 'case_flag', table: 'case_flags' },
  { entityType: 'case_stage', table: 'case_stages' },
  { entityType: 'case_evidence', table: 'case_evidence' },
  { entityType: 'case_clock', table: 'case_clocks' },
  { entityType: 'case_clock_pause', table: 'case_clock_pauses' },
  { entityType: 'case_clock_extension', table: 'case_clock_extensions' },
  { entityType: 'case_document', table: 'case_documents' },
  // After the decision (issue 14): payments (or their absence) and the archive of a closed case.
  { entityType: 'case_payment', table: 'case_payments' },
  { entityType: 'case_archive', table: 'case_archives' },
  { entityType: 'case_party_file', table: 'case_party_files' },
  { entityType: 'case_setting', table: 'case_settings', key: 'key' },
  { entityType: 'agency_document_settings', table: 'agency_document_settings', key: 'agency_id' },
  // Service of documents (issue 14): deliveries, their channels, and the write-once evidence events.
  { entityType: 'delivery', table: 'deliveries' },
  { entityType: 'delivery_channel', table: 'delivery_channels' },
  { entityType: 'delivery_event', table: 'delivery_events' },
  // Off-site backups (R10): one row per run, written once it ended.
  { entityType: 'backup', table: 'backups' },
  // Sampling audits (R13): the plan (its population is anchored by population_sha256 in the row), each sampled item, each finding.
  { entityType: 'sampling_plan', table: 'sampling_plans', omit: ['population'] },
  { entityType: 'sampling_item', table: 'sampling_items' },
  { entityType: 'sampling_finding', table: 'sampling_findings' },
  // The export log (issue 15): one row per watermarked copy handed out, never changed.
  { entityType: 'record_export', table: 'record_exports' },
  // Access requests and grants (调用单, issue 15): asked, decided, revoked, expired, each state ledgered.
  { entityType: 'access_request', table: 'access_requests' },
  // Records uploaded from the field (R10): started, then uploaded or refused; the byte count moves unledgered while uploading.
  { entityType: 'mobile_recording', table: 'mobile_recordings', omit: ['received_bytes'] },
  // The read log's daily seals (issue 15): one row per sealed Beijing day, never changed.
  { entityType: 'record_read_seal', table: 'record_read_seals', key: 'day' },
  // Credit grades (issue 16 item 4): the append-only history, one row per computation written.
  { entityType: 'credit_grade', table: 'credit_grades' },
  // Self-inspection reports (issue 16 item 3): each version drafted, signed, reviewed; photos written once.
  { entityType: 'self_inspection_report', table: 'self_inspection_reports' },
  { entityType: 'self_inspection_photo', table: 'self_inspection_photos' },
  // Public disclosure (R15; issue 16 item 5): drafted, asked, approved or refused, changed, withdrawn, each state ledgered.
  { entityType: 'publication', table: 'publications' },
  // Random inspection (issue 16 item 2; 002 §5): the plan (its frozen population anchored by population_sha256
  // in the row), each drawn item (drawn, recorded, publication requested), each rotation revision with its entries.
  { entityType: 'inspection_plan', table: 'inspection_plans', omit: ['population'] },
  { entityType: 'inspection_item', table: 'inspection_items' },
  { entityType: 'inspection_rotation', table: 'inspection_rotations', children: { field: 'entries', table: 'inspection_rotation_entries', parent: 'rotation_id', order: 'business_id' } },
];

/**
 * The state a parent's ledger entry records with its children: the child rows (without the parent
 * column) sorted by `order` as strings. Writers build the same with this function, so the two agree.
 */
export function withChildren<T extends Record<string, unknown>>(parent: T, field: string, rows: readonly Record<string, unknown>[], c: Pick<Children, 'parent' | 'order'>): T & Record<string, unknown> {
  const children = rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== c.parent))).sort((a, b) => (String(a[c.order]) < String(b[c.order]) ? -1 : String(a[c.order]) > String(b[c.order]) ? 1 : 0));
  return { ...parent, [field]: children };
}

export type EntityProblem = { kind: 'entity'; id: string; message: string };

/**
 * Compares each live registry row with the state its latest ledger entry recorded: a row
 * changed, added or removed behind the platform's back shows up here.
 */
export async function checkEntities(db: Db, onProgress?: (done: number) => void): Promise<{ checked: number; problems: EntityProblem[] }> {
  const problems: EntityProblem[] = [];
  let checked = 0;
  for (const t of TRACKED) {
    const latest = await sql<{ entity_id: string; state_digest: Buffer }>`
      SELECT DISTINCT ON (entity_id) entity_id, state_digest
      FROM ledger_entries
      WHERE entity_type = ${t.entityType} AND state IS NOT NULL
      ORDER BY entity_id, id DESC`.execute(db);
    const expected = new Map(latest.rows.map((r) => [r.entity_id, r.state_digest]));
    const rows = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(t.table)}`.execute(db);
    const children = new Map<string, Record<string, unknown>[]>();
    if (t.children) {
      const c = t.children;
      for (const r of (await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(c.table)}`.execute(db)).rows) {
        const list = children.get(String(r[c.parent]));
        if (list) list.push(r);
        else children.set(String(r[c.parent]), [r]);
      }
    }
    for (const fetched of rows.rows) {
      const id = String(fetched[t.key ?? 'id']);
      const row = t.children ? withChildren(fetched, t.children.field, children.get(id) ?? [], t.children) : fetched;
      for (const col of t.omit ?? []) delete row[col];
      const want = expected.get(id);
      if (!want) problems.push({ kind: 'entity', id: `${t.entityType}/${id}`, message: `${t.table} row has no ledger entry (inserted behind the platform's back)` });
      else if (!stateDigest(row).equals(want)) problems.push({ kind: 'entity', id: `${t.entityType}/${id}`, message: `${t.table} row differs from the state its latest ledger entry recorded` });
      expected.delete(id);
      checked++;
    }
    for (const id of expected.keys()) problems.push({ kind: 'entity', id: `${t.entityType}/${id}`, message: `${t.table} row recorded in the ledger is missing` });
    onProgress?.(checked);
  }
  return { checked, problems };
}
