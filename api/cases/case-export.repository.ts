import { sql, type Kysely } from 'kysely';
import type { Database } from '../../core/db/database.js';
import { LEAF_COLUMNS, type LeafRow } from '../../core/ledger/ledger-rows.js';

type Db = Kysely<Database>;

export type ExportEntryRow = LeafRow & { state_text: string | null; seq: string | null };

/**
 * The queries of the case file export: the case with its party, every version of its documents,
 * the media its evidence names, the agencies' seal certificates, and the case's ledger entries
 * (those about the case and every row that belongs to it) with their place in the chain.
 */
export const caseExportRepository = {
  header: (db: Db, caseId: string) =>
    db
      .selectFrom('cases as c')
      .innerJoin('businesses as b', 'b.id', 'c.business_id')
      .innerJoin('agencies as a', 'a.id', 'c.agency_id')
      .select(['c.id', 'c.cause', 'c.state', 'c.accepted_at', 'c.closed_at', 'c.agency_id', 'b.name as party_name', 'b.credit_code', 'b.address', 'a.name as agency_name'])
      .where('c.id', '=', caseId)
      .executeTakeFirst(),

  /** Every version of every document of the case (issued about it, or linked to it by a stage), in the order issued. */
  documents: (db: Db, caseId: string) =>
    db
      .selectFrom('documents')
      .select(['id', 'document_id', 'version', 'kind', 'template_version', 'number', 'pdf_sha256', 'sealed', 'issued_at', 'agency_id'])
      .where((eb) =>
        eb.or([
          eb.and([eb('subject_type', '=', 'case'), eb('subject_id', '=', caseId)]),
          eb('document_id', 'in', eb.selectFrom('case_documents').select('document_id').where('case_id', '=', caseId)),
        ]),
      )
      .orderBy('issued_at')
      .orderBy('document_id')
      .orderBy('version')
      .execute(),

  evidence: (db: Db, caseId: string) => db.selectFrom('case_evidence').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute(),

  clip: (db: Db, flagId: string, version: number) => db.selectFrom('flag_clips').selectAll().where('flag_id', '=', flagId).where('version', '=', version).executeTakeFirst(),

  flagSnapshot: (db: Db, flagId: string) => db.selectFrom('flags').select(['id', 'snapshot_sha256', 'device_id', 'started_at', 'ended_at', 'type']).where('id', '=', flagId).executeTakeFirst(),

  segments: (db: Db, ids: string[]) =>
    ids.length
      ? db
          .selectFrom('recording_segments')
          .select(['id', 'device_id', 'session_id', 'seq', 'blob_sha256', 'size', 'container', 'started_at', 'ended_at', 'stream_start_ms', 'stream_end_ms', 'clock_offset_ms', 'partial', 'retention_class', 'purged_at'])
          .where('id', 'in', ids)
          .orderBy('started_at')
          .orderBy('seq')
          .execute()
      : Promise.resolve([]),

  /** The payments recorded on the case (with their receipts' hashes), in the order recorded. */
  payments: (db: Db, caseId: string) => db.selectFrom('case_payments').selectAll().where('case_id', '=', caseId).orderBy('recorded_at').orderBy('id').execute(),

  /** The deliveries of the case's documents, each with its channels and its chained evidence events. */
  deliveries: async (db: Db, caseId: string) => {
    const rows = await db.selectFrom('deliveries').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
    const ids = rows.map((d) => d.id);
    const [channels, events] = ids.length
      ? await Promise.all([
          db.selectFrom('delivery_channels').selectAll().where('delivery_id', 'in', ids).orderBy('created_at').orderBy('id').execute(),
          db.selectFrom('delivery_events').selectAll().where('delivery_id', 'in', ids).orderBy('delivery_id').orderBy('seq').execute(),
        ])
      : [[], []];
    return rows.map((d) => ({ delivery: d, channels: channels.filter((c) => c.delivery_id === d.id), events: events.filter((e) => e.delivery_id === d.id) }));
  },

  /** The public key (PEM) registered under a checkpoint's key id. */
  ledgerKey: async (db: Db, keyId: string) => (await db.selectFrom('ledger_keys').select('public_key').where('key_id', '=', keyId).executeTakeFirst())?.public_key ?? null,

  blobTypes: async (db: Db, shas: string[]) => {
    if (!shas.length) return new Map<string, string>();
    const rows = await db.selectFrom('blobs').select(['sha256', 'media_type']).where('sha256', 'in', shas).execute();
    return new Map(rows.map((r) => [r.sha256, r.media_type]));
  },

  sealCertificates: (db: Db, agencyIds: string[]) =>
    agencyIds.length
      ? db.selectFrom('agency_seal_certificates').select(['id', 'agency_id', 'sha256', 'certificate_pem', 'subject']).where('agency_id', 'in', agencyIds).orderBy('created_at').orderBy('id').execute()
      : Promise.resolve([]),

  /**
   * The case's ledger entries: the case and every row that belongs to it (flags and their
   * findings, stages, evidence, clocks with pauses and extensions, documents, payments, the
   * archive, the party's files, the deliveries with their channels and evidence events), the segments its
   * evidence names and the seal certificates bundled; with each entry's chain position (null
   * while the sealer has not chained it yet).
   */
  entries: async (db: Db, caseId: string, extra: { segmentIds: string[]; certificateIds: string[] }) => {
    const { rows } = await sql<ExportEntryRow>`
      WITH subjects(t, i) AS (
        SELECT 'case', ${caseId}::text
        UNION ALL SELECT 'case_stage', id::text FROM case_stages WHERE case_id = ${caseId}::uuid
        UNION ALL SELECT 'case_evidence', id::text FROM case_evidence WHERE case_id = ${caseId}::uuid
        UNION ALL SELECT 'case_clock', id::text FROM case_clocks WHERE case_id = ${caseId}::uuid
        UNION ALL SELECT 'case_clock_pause', p.id::text FROM case_clock_pauses p JOIN case_clocks k ON k.id = p.clock_id WHERE k.case_id = ${caseId}::uuid
        UNION ALL SELECT 'case_clock_extension', x.id::text FROM case_clock_extensions x JOIN case_clocks k ON k.id = x.clock_id WHERE k.case_id = ${caseId}::uuid
        UNION ALL SELECT 'case_document', id::text FROM case_documents WHERE case_id = ${caseId}::uuid
        UNION ALL SELECT 'case_flag', id::text FROM case_flags WHERE case_id = ${caseId}::uuid
        UNION ALL SELECT 'flag', flag_id::text FROM case_flags WHERE case_id = ${caseId}::uuid
        UNION ALL SELECT 'finding', finding_id::text FROM case_flags WHERE case_id = ${caseId}::uuid AND finding_id IS NOT NULL
        UNION ALL SELECT 'document', id::text FROM documents WHERE (subject_type = 'case' AND subject_id = ${caseId}::uuid)
          OR document_id IN (SELECT document_id FROM case_documents WHERE case_id = ${caseId}::uuid)
        UNION ALL SELECT 'case_payment', id::text FROM case_payments WHERE case_id = ${caseId}::uuid
        UNION ALL SELECT 'case_archive', id::text FROM case_archives WHERE case_id = ${caseId}::uuid
        UNION ALL SELECT 'case_party_file', id::text FROM case_party_files WHERE case_id = ${caseId}::uuid
        UNION ALL SELECT 'delivery', id::text FROM deliveries WHERE case_id = ${caseId}::uuid
        UNION ALL SELECT 'delivery_channel', ch.id::text FROM delivery_channels ch JOIN deliveries d ON d.id = ch.delivery_id WHERE d.case_id = ${caseId}::uuid
        UNION ALL SELECT 'delivery_event', ev.id::text FROM delivery_events ev JOIN deliveries d ON d.id = ev.delivery_id WHERE d.case_id = ${caseId}::uuid
        UNION ALL SELECT 'recording_segment', unnest(${extra.segmentIds}::text[])
        UNION ALL SELECT 'agency_seal_certificate', unnest(${extra.certificateIds}::text[])
      )
      SELECT DISTINCT ON (e.id) ${LEAF_COLUMNS}, e.state::text AS state_text, c.seq::text AS seq
      FROM subjects s
      JOIN ledger_entries e ON e.entity_type = s.t AND e.entity_id = s.i
      LEFT JOIN ledger_chain c ON c.entry_id = e.id
      ORDER BY e.id`.execute(db);
    return rows;
  },
};
