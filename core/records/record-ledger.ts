import type { RecordKind } from './record-ref.js';

/**
 * Where each kind of record (RECORD_KINDS) has its own ledger entries: the entity type and which id
 * (issue 15 item 6). A record's trail starts with these entries (created, stored, issued, held,
 * retention changed, purged) and adds its reads (record_reads), its copies (record_exports) and
 * the signed deletion records of its bytes (blob_deletions).
 *
 * The entries are about the row the record's id names (RECORD_KINDS says which table); kinds that
 * are a view of a device (a recording window, the live view, the field-of-view picture) have the
 * device's entries.
 */
export const RECORD_LEDGER_ENTITY: Record<RecordKind, string> = {
  segment: 'recording_segment',
  recording: 'device',
  live: 'device',
  flag_clip: 'flag_clip',
  flag_snapshot: 'flag',
  device_picture: 'device',
  finding_attachment: 'finding_attachment',
  document_pdf: 'document',
  party_file: 'case_party_file',
  payment_receipt: 'case_payment',
  case_file: 'case',
  delivery_pdf: 'delivery',
  consent_file: 'consent',
  consent_attachment: 'consent_attachment',
  service_address_confirmation: 'service_address_confirmation',
  mobile_recording: 'mobile_recording',
  self_report_photo: 'self_inspection_photo',
};

/** The ledger entity a record's own entries are about. */
export function ledgerEntityOf(kind: RecordKind, id: string): { entityType: string; entityId: string } {
  return { entityType: RECORD_LEDGER_ENTITY[kind], entityId: id };
}
