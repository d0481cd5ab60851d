/**
 * One way to name a record across the platform (issue 15): the read log (`record_reads`), the
 * export log (`record_exports`), holds, retention and the audit trail all say which record they
 * mean with a kind and the id of the row that owns its bytes — never a URL or a file name — and,
 * where the record is one blob, its SHA-256 (so a copy found anywhere leads back to its trail).
 *
 * A stretch of a device's recording read as one (playback, live) is kind 'recording' with the
 * device's id and the window; a single stored segment is kind 'segment' with its row id.
 */
export const RECORD_KINDS = {
  segment: 'recording_segments.id — one stored stretch of a device recording',
  recording: 'devices.id — a window of a device recording (window_from/window_to), played back or prepared',
  live: 'devices.id — the live view of a device',
  flag_clip: "flags.id — the clip cut around a flag (flag_clips has no id of its own: the flag's id, the sha256 pins the version)",
  flag_snapshot: 'flags.id — the snapshot taken when a flag was raised',
  device_picture: 'devices.id — the picture a camera shows of its field of view',
  finding_attachment: 'finding_attachments.id — a file attached to a finding or its dispute',
  document_pdf: 'document_versions.id — one version of a generated document (PDF)',
  party_file: 'case_party_files.id — a file the party submitted in its case',
  payment_receipt: 'case_payments.id — the receipt of a payment',
  case_file: 'cases.id — the exported self-verifying case file (zip)',
  delivery_pdf: 'deliveries.id — the document a delivery served, as the recipient opens it',
  consent_file: 'consents.id — the signed consent PDF',
  consent_attachment: 'consent_attachments.id — a photo or file attached to a consent',
  service_address_confirmation: 'service_address_confirmations.id — the signed 送达地址确认书',
  mobile_recording: 'mobile_recordings.id — footage uploaded from a body-worn recorder or a phone',
  self_report_photo: 'self_inspection_photos.id — a photo the business attached to its self-inspection report',
} as const;
export type RecordKind = keyof typeof RECORD_KINDS;
export const isRecordKind = (k: string): k is RecordKind => Object.hasOwn(RECORD_KINDS, k);

export type RecordRef = {
  kind: RecordKind;
  id: string;
  /** The bytes' SHA-256 when the record is one blob. */
  sha256?: string | null;
  /** For kind 'recording': the stretch read. */
  window?: { from: Date; to: Date } | null;
};

/** How a person read a record: shown in the audit log and the record's trail. */
export type ReadAction = 'view' | 'play' | 'live' | 'download' | 'export' | 'print';
