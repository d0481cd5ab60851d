import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { FlagDetail } from '../analysis/flag-contract.js';
import type { AnalysisCapabilities } from '../analysis/capabilities.js';
import type { FlagType, RuleDefinition, RuleKind } from '../analysis/rule-definition.js';

/** The whole schema as Kysely sees it. Keep in step with migrations/. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string | T, string | T>;

export type Role = 'officer' | 'legal_reviewer' | 'manager' | 'archivist' | 'auditor' | 'admin' | 'business';
export const ROLES: readonly Role[] = ['officer', 'legal_reviewer', 'manager', 'archivist', 'auditor', 'admin', 'business'];
export type BusinessCategory = 'medical' | 'public_place' | 'school_canteen' | 'water_supply' | 'other';
export const BUSINESS_CATEGORIES: readonly BusinessCategory[] = ['medical', 'public_place', 'school_canteen', 'water_supply', 'other'];
export type AgencyLevel = 'province' | 'city' | 'district';
export type DeviceStatus = 'pending_consent' | 'active' | 'suspended' | 'fault' | 'retired';
export type ServiceMethod = 'email' | 'sms' | 'fax' | 'wechat' | 'phone' | 'post';
export type Contact = { name: string; role: string; phone: string; email: string };

export interface LedgerEntriesTable {
  id: Generated<string>;
  txid: Generated<string>;
  recorded_at: Generated<Date>;
  actor_type: 'user' | 'system' | 'device' | 'anonymous';
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  state: Json<unknown> | null;
  state_digest: Buffer;
  request_id: string | null;
  context: Json<Record<string, unknown>> | null;
}
export interface LedgerChainTable {
  seq: string;
  entry_id: string;
  leaf_hash: Buffer;
  chain_hash: Buffer;
  sealed_at: Generated<Date>;
}
export interface LedgerTreeNodesTable {
  level: number;
  idx: string;
  hash: Buffer;
}
export interface LedgerKeysTable {
  key_id: string;
  public_key: string;
  created_at: Generated<Date>;
}
export interface LedgerCheckpointsTable {
  tree_size: string;
  root_hash: Buffer;
  chain_hash: Buffer;
  signed_at: Timestamp;
  key_id: string;
  signature: Buffer;
}
export interface LedgerSealerStateTable {
  id: number;
  horizon: string;
}
export interface BlobsTable {
  sha256: string;
  size: string | number;
  media_type: string;
  created_at: Generated<Date>;
}
export interface AgenciesTable {
  id: Generated<string>;
  parent_id: string | null;
  level: AgencyLevel;
  name: string;
  short_name: string;
  code: string;
  path: string;
  /** Public contact printed on site notices, e.g. 0579-82468000; null until the registry has it. */
  phone: string | null;
  /** 区域简称 that starts the agency's 文号 (婺 in 婺卫医罚〔2026〕12号); defaults to the short name. */
  area_abbreviation: Generated<string>;
  created_at: Generated<Date>;
}
export interface UsersTable {
  id: Generated<string>;
  username: string;
  display_name: string;
  password_hash: string;
  role: Role;
  agency_id: string | null;
  business_id: string | null;
  certificate_no: string | null;
  email: string | null;
  phone: string | null;
  status: Generated<'active' | 'disabled'>;
  password_changed_at: Generated<Date>;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface SessionsTable {
  id: string;
  user_id: string;
  csrf_token: string;
  ip: string | null;
  user_agent: string | null;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}
export interface BusinessesTable {
  id: Generated<string>;
  name: string;
  credit_code: string;
  category: BusinessCategory;
  agency_id: string;
  address: string;
  contacts: Json<Contact[]>;
  status: Generated<'active' | 'archived'>;
  archive_reason: string | null;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface SitesTable {
  id: Generated<string>;
  business_id: string;
  name: string;
  address: string;
  opening_hours: Generated<string>;
  status: Generated<'active' | 'archived'>;
  archive_reason: string | null;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface DevicesTable {
  id: Generated<string>;
  site_id: string;
  business_id: string;
  name: string;
  kind: 'camera' | 'sensor';
  mobility: 'fixed' | 'mobile';
  protocol: Generated<'rtmp' | 'rtsp' | 'gb28181' | 'http'>;
  points_at: Generated<string>;
  coverage: Generated<string>;
  records_audio: Generated<boolean>;
  calibration_date: string | null;
  calibration_due_date: string | null;
  status: Generated<DeviceStatus>;
  status_reason: string | null;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export type ServiceAddressStatus = 'pending_verification' | 'verified' | 'active' | 'withdrawn';
export interface ServiceAddressesTable {
  id: Generated<string>;
  business_id: string;
  method: ServiceMethod;
  address: string;
  agreed_at: Timestamp;
  /** E-mail and SMS: pending_verification until proven by a one-time code, then verified (in force); others: active. */
  status: Generated<ServiceAddressStatus>;
  withdraw_reason: string | null;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** One e-service address as signed in a 送达地址确认书 (a snapshot: the address row may change later). */
export type ConfirmedAddress = { serviceAddressId: string; method: 'email' | 'sms'; address: string; verifiedAt: string };
/** A statement of the confirmation the signer ticked, and when. */
export type ConfirmationTick = { key: string; text: string; confirmedAt: string };
/** A signed 送达地址确认书 (issue 14 item 1): one row per version, never changed; the latest is in force. */
export interface ServiceAddressConfirmationsTable {
  id: string;
  business_id: string;
  agency_id: string;
  version: number;
  supersedes: string | null;
  template_version: number;
  addresses: Json<ConfirmedAddress[]>;
  portal: boolean;
  confirmations: Json<ConfirmationTick[]>;
  signer_user_id: string;
  signer_name: string;
  signer_role: string;
  signed_at: Date;
  sign_ip: string | null;
  sign_user_agent: string | null;
  document_id: string;
  number: string | null;
  pdf_sha256: string;
}

export type ConsentStatus = 'draft' | 'proposed' | 'withdrawn' | 'active' | 'superseded' | 'suspended' | 'revoked' | 'expired';
export const CONSENT_STATUSES: readonly ConsentStatus[] = ['draft', 'proposed', 'withdrawn', 'active', 'superseded', 'suspended', 'revoked', 'expired'];
/** One statement the signer confirms, by key, as rendered in the consent text. */
export type ConsentStatement = { key: string; text: string };
/** A statement the signer ticked, and when (server time, from the signing request). */
export type ConsentConfirmation = { key: string; text: string; confirmedAt: string };
export interface ConsentsTable {
  id: Generated<string>;
  /** Sequential, for people: QR2026-000123. */
  ref: string;
  /** In the public verify link (QR code): 20 random base32 characters; older sent consents keep their ref. */
  public_ref: Generated<string>;
  business_id: string;
  site_id: string;
  agency_id: string;
  amends_id: string | null;
  status: Generated<ConsentStatus>;
  purpose: string;
  analysis: string;
  retention: string;
  viewers: string;
  extra_terms: Generated<string>;
  valid_from: string;
  valid_until: string;
  template_id: string;
  template_version: string;
  rendered_text: string | null;
  statements: Json<ConsentStatement[]>;
  text_sha256: string | null;
  /** What the 分析内容 clause was derived from (template v2 on); null for older consents. */
  analysis_capabilities: Json<AnalysisCapabilities> | null;
  /** Statements ticked at signing, each with its time; null for consents signed before. */
  confirmations: Json<ConsentConfirmation[]> | null;
  proposed_by: string | null;
  proposed_at: Timestamp | null;
  signer_user_id: string | null;
  signer_name: string | null;
  identity_method: 'email_code' | 'sms_code' | null;
  identity_address: string | null;
  signed_at: Timestamp | null;
  sign_ip: string | null;
  sign_user_agent: string | null;
  signature_sha256: string | null;
  pdf_sha256: string | null;
  notice_pdf_sha256: string | null;
  status_reason: string | null;
  status_changed_by: string | null;
  status_changed_at: Timestamp | null;
  suspended_by_party: 'business' | 'agency' | null;
  version: Generated<number>;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
/** A device as its consent describes it. */
export type DeviceSnapshot = {
  name: string;
  kind: 'camera' | 'sensor';
  mobility: 'fixed' | 'mobile';
  protocol: string;
  pointsAt: string;
  coverage: string;
  recordsAudio: boolean;
  siteId: string;
};
export interface ConsentDevicesTable {
  consent_id: string;
  device_id: string;
  position: number;
  snapshot: Json<DeviceSnapshot>;
  placement_sha256: string;
}
export interface ConsentAttachmentsTable {
  id: Generated<string>;
  consent_id: string;
  kind: 'notice_photo';
  blob_sha256: string;
  media_type: string;
  uploaded_by: string;
  created_at: Generated<Date>;
}
export interface OneTimeCodesTable {
  id: Generated<string>;
  purpose: string;
  subject_id: string;
  user_id: string;
  channel: 'email' | 'sms';
  address: string;
  code_hash: string;
  attempts: Generated<number>;
  expires_at: Timestamp;
  consumed_at: Timestamp | null;
  superseded_at: Timestamp | null;
  created_at: Generated<Date>;
}
export interface OutboxMessagesTable {
  id: Generated<string>;
  channel: 'email' | 'sms';
  to_address: string;
  subject: Generated<string>;
  body: string;
  purpose: string;
  status: Generated<'queued' | 'sent' | 'failed' | 'captured'>;
  provider_id: string | null;
  error: string | null;
  created_at: Generated<Date>;
  sent_at: Timestamp | null;
}
export interface DeviceCredentialsTable {
  id: Generated<string>;
  device_id: string;
  key_prefix: string;
  key_sha256: string;
  status: Generated<'active' | 'rotated' | 'revoked'>;
  created_by: string;
  created_at: Generated<Date>;
  ended_by: string | null;
  ended_at: Timestamp | null;
  end_reason: string | null;
  version: Generated<number>;
}

export interface PublishSessionsTable {
  id: Generated<string>;
  device_id: string;
  consent_id: string;
  credential_id: string;
  ip: string;
  instance: string;
  started_at: Timestamp;
  ended_at: Timestamp | null;
  end_reason: string | null;
  video: ColumnType<Record<string, unknown>, string | undefined, string>;
}
export interface PublishRefusalsTable {
  id: Generated<string>;
  device_id: string | null;
  stream_path: string;
  ip: string;
  reason: string;
  /** 'publish' (a camera pushing) or 'play' (someone reading a stream from the media server). */
  kind: Generated<'publish' | 'play' | 'readings'>;
  at: Generated<Date>;
}
export interface RecordingSegmentsTable {
  id: Generated<string>;
  device_id: string;
  session_id: string;
  seq: number;
  blob_sha256: string;
  size: string | number;
  container: Generated<string>;
  started_at: Timestamp;
  ended_at: Timestamp;
  stream_start_ms: string | number;
  stream_end_ms: string | number;
  clock_offset_ms: string | number;
  partial: Generated<boolean>;
  retention_class: Generated<'ordinary' | 'evidence' | 'held' | 'case'>;
  created_at: Generated<Date>;
  purged_at: Timestamp | null;
}
export interface BlobDeletionsTable {
  sha256: string;
  size: string | number;
  rule: string;
  subject: Json<Record<string, unknown>>;
  deleted_at: Timestamp;
  key_id: string;
  signature: Buffer;
}
export interface RecordingGapsTable {
  id: Generated<string>;
  device_id: string;
  started_at: Timestamp;
  ended_at: Timestamp | null;
  reason: string;
  created_at: Generated<Date>;
}

export interface MediaViewsTable {
  id: Generated<string>;
  user_id: string;
  device_id: string;
  kind: 'live' | 'playback';
  segment_id: string | null;
  ip: string | null;
  started_at: Generated<Date>;
  ended_at: Timestamp | null;
  bytes: Generated<string | number>;
  /** A range playback: the stretch of recording served (segments joined into one stream). */
  range_from: Timestamp | null;
  range_to: Timestamp | null;
  /** The access grant (调用单) the view was read under, when the device lay outside the viewer's scope. */
  grant_id: Generated<string | null>;
}

export interface DeviceHealthTable {
  device_id: string;
  online: boolean;
  since: Timestamp;
  last_frame_at: Timestamp | null;
  bitrate_kbps: number | null;
  fps: number | null;
  width: number | null;
  height: number | null;
  updated_at: Generated<Date>;
}
export interface DeviceHealthSamplesTable {
  device_id: string;
  at: Timestamp;
  online: boolean;
  bitrate_kbps: number | null;
  fps: number | null;
}

export interface DeviceAlertsTable {
  id: Generated<string>;
  device_id: string;
  kind: 'offline';
  raised_at: Generated<Date>;
  since: Timestamp;
  cleared_at: Timestamp | null;
}

export interface ProcessHeartbeatsTable {
  component: 'api' | 'streams' | 'analyzer' | 'sealer';
  instance: string;
  started_at: Timestamp;
  last_seen_at: Timestamp;
  detail: Json<Record<string, unknown>>;
}

export interface AnalysisRulesTable {
  id: Generated<string>;
  device_id: string;
  kind: RuleKind;
  name: string;
  definition: Json<RuleDefinition>;
  enabled: Generated<boolean>;
  version: Generated<number>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_by: string | null;
  updated_at: Generated<Date>;
}
export interface AnalysisRuleVersionsTable {
  rule_id: string;
  version: number;
  kind: RuleKind;
  name: string;
  definition: Json<RuleDefinition>;
  enabled: boolean;
  created_by: string | null;
  created_at: Generated<Date>;
}
export interface FlagsTable {
  id: Generated<string>;
  dedupe_key: string;
  device_id: string;
  site_id: string;
  business_id: string;
  agency_id: string;
  category: string;
  source: 'rule' | 'tamper' | 'sensor';
  type: FlagType;
  rule_id: string | null;
  rule_version: number | null;
  model: Json<{ name: string; version: string; sha256: string }> | null;
  analyzer: string;
  state: 'active' | 'ended';
  started_at: Timestamp;
  ended_at: Timestamp | null;
  peak_score: number | null;
  peak_at: Timestamp | null;
  detail: Json<FlagDetail>;
  snapshot_sha256: string | null;
  evidence_status: Generated<'pending' | 'ready' | 'unavailable'>;
  clip_sha256: string | null;
  clip_provenance: Json<Record<string, unknown>> | null;
  review_status: Generated<ReviewStatus>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  deadline_at: Timestamp;
  assigned_to: string | null;
  first_confirmed_by: string | null;
  decided_at: Timestamp | null;
  decided_by: string | null;
  dismiss_reason: DismissReason | null;
  overdue_escalated_at: Timestamp | null;
  review_version: Generated<number>;
}
export type ReviewStatus = 'new' | 'in_review' | 'awaiting_second' | 'confirmed' | 'dismissed' | 'escalated';
export type DismissReason = 'false_detection' | 'permitted_activity' | 'duplicate' | 'camera_fault' | 'other';
export type ReviewAction = 'opened' | 'viewed' | 'assigned' | 'confirmed' | 'second_confirmed' | 'dismissed' | 'escalated' | 'overdue_escalated';
export interface FlagReviewsTable {
  id: Generated<string>;
  flag_id: string;
  action: ReviewAction;
  actor_id: string | null;
  at: Generated<Date>;
  from_status: ReviewStatus;
  to_status: ReviewStatus;
  assigned_to: string | null;
  reason_code: DismissReason | null;
  note: string | null;
  request_id: string | null;
}
export interface HandlingPoliciesTable {
  id: Generated<string>;
  flag_type: string;
  category: string;
  deadline_working_days: number | null;
  deadline_hours: number | null;
  two_person: Generated<boolean>;
  version: Generated<number>;
  updated_by: string | null;
  updated_at: Generated<Date>;
}
export interface HolidaysTable {
  day: string;
  kind: 'holiday' | 'workday';
  name: string;
  active: Generated<boolean>;
  updated_by: string | null;
  updated_at: Generated<Date>;
}
export interface FlagSegmentsTable {
  flag_id: string;
  segment_id: string;
}
/** What an evidence clip covers when it is cut: the event still going on, over, or the clip at its maximum length. */
export type ClipCoverage = 'event_ongoing' | 'event_ended' | 'max_length';
/** One version of a flag's evidence clip: write-once (a trigger refuses updates and deletes). */
export interface FlagClipsTable {
  flag_id: string;
  version: number;
  blob_sha256: string;
  requested_from: Timestamp;
  requested_to: Timestamp;
  covers_from: Timestamp;
  covers_to: Timestamp;
  duration_ms: number;
  coverage: ClipCoverage;
  final: boolean;
  provenance: Json<Record<string, unknown>>;
  created_at: Generated<Date>;
}
export interface DeviceReferenceScenesTable {
  device_id: string;
  captured_at: Timestamp;
  blob_sha256: string;
  signature: Buffer;
  width: number;
  height: number;
  set_by: string;
  relearn_requested_at: Timestamp | null;
  relearn_requested_by: string | null;
  updated_at: Generated<Date>;
}
export interface AnalyzerLeasesTable {
  device_id: string;
  holder: string;
  acquired_at: Generated<Date>;
  renewed_at: Generated<Date>;
  expires_at: Timestamp;
  takeovers: Generated<number>;
  checkpoint: Json<Record<string, unknown>>;
}

export type FindingStatus = 'notified' | 'confirmed' | 'disputed' | 'expired' | 'withdrawn' | 'upheld' | 'referred';
/** Why a finding's notice went out: the first notice, or the officer's decision on a dispute. */
export type FindingDeliveryPurpose = 'notice' | 'decision';
/** The officer's decision on a finding: accept the dispute, uphold the finding, refer it for case filing. */
export type FindingDecisionKind = 'accept' | 'uphold' | 'refer';
export interface FindingDecisionsTable {
  id: Generated<string>;
  finding_id: string;
  kind: FindingDecisionKind;
  reason: string;
  from_status: FindingStatus;
  decided_by: string;
  decided_at: Generated<Date>;
}
export interface FindingsTable {
  id: Generated<string>;
  flag_id: string;
  business_id: string;
  site_id: string;
  device_id: string;
  agency_id: string;
  confirmed_by: string;
  confirmed_at: Timestamp;
  respond_by: Timestamp;
  status: Generated<FindingStatus>;
  statement: string | null;
  responded_by: string | null;
  responded_at: Timestamp | null;
  expired_at: Timestamp | null;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface FindingAttachmentsTable {
  id: Generated<string>;
  finding_id: string;
  blob_sha256: string;
  filename: string;
  media_type: string;
  size: string | number;
  uploaded_by: string;
  uploaded_at: Generated<Date>;
}
export type FindingChannel = 'email' | 'sms' | 'portal';
/** Read-only since migration 20261207T060000: finding notices are deliveries (deliveries, delivery_channels, delivery_events); these rows stay for their ledger entries. */
export interface FindingDeliveriesTable {
  id: Generated<string>;
  finding_id: string;
  channel: FindingChannel;
  purpose: Generated<FindingDeliveryPurpose>;
  address: string;
  service_address_id: string | null;
  outbox_id: string | null;
  open_token: string | null;
  status: Generated<'queued' | 'sent' | 'captured' | 'failed'>;
  error: string | null;
  attempts: Generated<number>;
  sent_at: Timestamp | null;
  delivered_at: Timestamp | null;
  opened_at: Timestamp | null;
  answered_at: Timestamp | null;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface FindingEventsTable {
  id: Generated<string>;
  finding_id: string;
  kind: string;
  actor_type: 'user' | 'system' | 'anonymous';
  actor_id: string | null;
  detail: Json<Record<string, unknown>>;
  at: Generated<Date>;
}

export interface SensorReadingBatchesTable {
  id: Generated<string>;
  device_id: string;
  credential_id: string;
  consent_id: string;
  received_at: Generated<Date>;
  accepted: number;
  duplicates: number;
  sha256: string;
  ip: string;
}
export interface SensorReadingsTable {
  device_id: string;
  quantity: 'free_chlorine' | 'turbidity';
  measured_at: Date;
  value: number;
  unit: string;
  batch_id: string;
  received_at: Generated<Date>;
}

/** An agency's seal certificate (core/seal): made or loaded once, recorded, never changed. */
export interface AgencySealCertificatesTable {
  id: Generated<string>;
  agency_id: string;
  /** Hex SHA-256 of the certificate's DER. */
  sha256: string;
  certificate_pem: string;
  subject: string;
  not_before: Timestamp;
  not_after: Timestamp;
  source: 'self_issued' | 'p12';
  created_at: Generated<Date>;
}
export type AgencySealCertificateRow = Selectable<AgencySealCertificatesTable>;
// Enforcement cases (R7, R8): migrations/20261206T030000-create-cases.ts.
export type CaseStateColumn = 'accepted' | 'filing_submitted' | 'not_filed' | 'investigating' | 'investigation_ended' | 'approved' | 'notified' | 'decided' | 'reported' | 'enforcing' | 'closed';
export type CaseSource = 'flags' | 'complaint' | 'inspection' | 'transfer' | 'assignment';
export type CaseOfficer = { id: string; name: string; certificateNo: string | null };
export type CaseParticipant = { name: string; role: string; idNo?: string | null; userId?: string | null };
export interface CaseSettingsTable {
  key: 'filing_limit';
  value: Json<Record<string, unknown>>;
  version: Generated<number>;
  updated_by: string;
  updated_at: Generated<Date>;
}
/** What every document of an agency prints besides the case (issue 13 item 5); null until the administrator sets it. */
export interface AgencyDocumentSettingsTable {
  agency_id: string;
  reconsideration_body: string | null;
  court: string | null;
  payment_payee: string | null;
  payment_account: string | null;
  payment_channel: string | null;
  contact_address: string | null;
  contact_phone: string | null;
  large_amount_person_fen: number | null;
  large_amount_organisation_fen: number | null;
  statement_days: Generated<number>;
  version: Generated<number>;
  updated_by: string;
  updated_at: Generated<Date>;
}
export interface CasesTable {
  id: Generated<string>;
  agency_id: string;
  business_id: string;
  site_id: string | null;
  party_kind: 'person' | 'organisation';
  procedure: 'simple' | 'general';
  source: CaseSource;
  source_record: Json<Record<string, unknown>>;
  cause: string;
  category: string;
  investigators: Json<CaseOfficer[]>;
  state: CaseStateColumn;
  version: Generated<number>;
  filing_clock_from: Timestamp;
  accepted_at: Timestamp;
  filed_at: Timestamp | null;
  decided_at: Timestamp | null;
  closed_at: Timestamp | null;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface CaseFlagsTable {
  id: Generated<string>;
  case_id: string;
  flag_id: string;
  finding_id: string | null;
  created_at: Generated<Date>;
}
export interface CaseStagesTable {
  id: Generated<string>;
  case_id: string;
  seq: number;
  kind: string;
  actor_id: string;
  officers: Json<CaseOfficer[]>;
  participants: Json<CaseParticipant[]>;
  fields: Json<Record<string, unknown>>;
  evidence_ids: Json<string[]>;
  media: Json<Record<string, unknown>[]>;
  from_state: CaseStateColumn;
  to_state: CaseStateColumn;
  at: Timestamp;
}
export type EvidenceKind = 'finding' | 'business_answer' | 'snapshot' | 'clip' | 'segments' | 'upload' | 'entry';
export interface CaseEvidenceTable {
  id: Generated<string>;
  case_id: string;
  kind: EvidenceKind;
  flag_id: string | null;
  title: string;
  source: Json<Record<string, unknown>>;
  checklist: Json<Record<string, unknown>>;
  checklist_complete: Generated<boolean>;
  reviewed_by: string | null;
  reviewed_at: Timestamp | null;
  version: Generated<number>;
  created_at: Generated<Date>;
}
export interface CaseClocksTable {
  id: Generated<string>;
  case_id: string;
  kind: 'filing' | 'evidence_preservation' | 'seizure' | 'hearing_request' | 'statement' | 'legal_review' | 'decision' | 'reminder' | 'payment' | 'court_application' | 'archive' | 'service';
  amount: number;
  unit: 'working_days' | 'natural_days' | 'hours';
  basis: string;
  started_at: Timestamp;
  started_by: string | null;
  stopped_at: Timestamp | null;
  stopped_by: string | null;
  due_at: Timestamp | null;
  version: Generated<number>;
}
export interface CaseClockPausesTable {
  id: Generated<string>;
  clock_id: string;
  from_at: Timestamp;
  to_at: Timestamp | null;
  reason: string;
  paused_by: string;
  resumed_by: string | null;
  version: Generated<number>;
}
export interface CaseClockExtensionsTable {
  id: Generated<string>;
  clock_id: string;
  amount: number;
  reason: string;
  status: Generated<'requested' | 'approved' | 'refused'>;
  requested_by: string;
  requested_at: Timestamp;
  decided_by: string | null;
  decided_at: Timestamp | null;
  note: string | null;
  version: Generated<number>;
}
export interface CaseDocumentsTable {
  id: Generated<string>;
  case_id: string;
  stage_id: string;
  document_id: string;
  kind: string;
  number: string | null;
  version: number;
  sha256: string;
  issued_at: Timestamp;
}
/** A payment of the fine, or the record that none came (issue 14 item 4). Never changed. */
export interface CasePaymentsTable {
  id: Generated<string>;
  case_id: string;
  kind: 'paid' | 'not_paid';
  /** bigint: read back as a string (pg's default for int8). */
  amount_fen: ColumnType<string | null, number | null, never>;
  /** YYYY-MM-DD (a date column read as a string: see connect.ts type parsers). */
  paid_on: string | null;
  reference: string | null;
  file_sha256: string | null;
  file_name: string | null;
  note: string | null;
  recorded_by: string;
  recorded_at: Timestamp;
}
export type ArchiveLabel = {
  archiveNo: string;
  archivedOn: string;
  party: { name: string; creditCode: string | null; address: string | null };
  matter: string;
  decisionNo: string | null;
  officers: { name: string; certificateNo: string | null }[];
  filedOn: string | null;
  closedOn: string;
  retentionClass: string;
  retentionZh: string;
  retentionBasis: string;
  destroyFrom: string | null;
  documents: number;
  evidence: number;
};
/** The archive of a closed case (R10): number, label, retention class. Never changed. */
export interface CaseArchivesTable {
  id: Generated<string>;
  case_id: string;
  agency_id: string;
  archive_no: string;
  retention_class: 'permanent' | 'years30' | 'years10';
  destroy_from: string | null;
  label: Json<ArchiveLabel>;
  note: string | null;
  archived_by: string;
  archived_at: Timestamp;
}
/** A file the party uploaded with its statement and defence (its evidence), bound to the stage once sent. */
export interface CasePartyFilesTable {
  id: Generated<string>;
  case_id: string;
  blob_sha256: string;
  filename: string;
  media_type: string;
  size: string | number;
  uploaded_by: string;
  uploaded_at: Generated<Date>;
  stage_id: string | null;
  version: Generated<number>;
}

/** A document (or notice) served to a business (issue 14 item 2): migrations/20261207T010000. */
export interface DeliveriesTable {
  id: Generated<string>;
  business_id: string;
  agency_id: string;
  case_id: string | null;
  subject_kind: 'document' | 'finding_notice';
  document_row_id: string | null;
  document_id: string | null;
  document_version: number | null;
  document_kind: string | null;
  document_number: string | null;
  finding_id: string | null;
  content_sha256: string;
  purpose: string;
  status: Generated<'serving' | 'served' | 'not_served'>;
  served_at: Timestamp | null;
  served_channel_id: string | null;
  service_rule: string | null;
  service_basis: string | null;
  certificate_id: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  version: Generated<number>;
}
export interface DeliveryChannelsTable {
  id: Generated<string>;
  delivery_id: string;
  channel: 'email' | 'sms' | 'portal' | 'direct' | 'post' | 'lodging' | 'public_notice';
  address: string;
  service_address_id: string | null;
  status: 'queued' | 'relayed' | 'delivered' | 'notified' | 'rejected' | 'failed' | 'recorded';
  attempts: Generated<number>;
  outbox_id: string | null;
  open_token: string | null;
  proof: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  recorded_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  version: Generated<number>;
}
/** Write-once evidence events, a hash chain per delivery (core/delivery/evidence.ts). */
export interface DeliveryEventsTable {
  id: Generated<string>;
  delivery_id: string;
  channel_id: string | null;
  seq: number;
  kind: string;
  channel: string | null;
  at: Timestamp;
  content_sha256: string;
  detail: ColumnType<Record<string, unknown>, string, never>;
  prev_hash: string | null;
  hash: string;
  actor_type: 'user' | 'system' | 'anonymous';
  actor_id: string | null;
}

/** Off-site backups (R10): one row per run, written once it ended (core/backup). */
export interface BackupsTable {
  id: string;
  status: 'completed' | 'failed';
  trigger: 'schedule' | 'command';
  location: string;
  started_at: Timestamp;
  finished_at: Timestamp;
  recovery_point: Timestamp | null;
  manifest_sha256: string | null;
  files: number | null;
  database_bytes: string | null;
  blobs: number | null;
  blobs_copied: number | null;
  blob_bytes_copied: string | null;
  ledger_chained: string | null;
  ledger_checkpoint_size: string | null;
  ledger_checkpoint_root: string | null;
  error: string | null;
  recorded_at: Generated<Date>;
}

export type AccessRequestPurpose = 'access' | 'publication';
export type AccessRecordKind = 'device' | 'case' | 'document';
export type AccessRequestStatus = 'pending' | 'approved' | 'refused' | 'revoked' | 'expired' | 'withdrawn';

/** A request for access to records outside one's scope, or for their publication (调用单; R12). */
export interface AccessRequestsTable {
  id: Generated<string>;
  purpose: AccessRequestPurpose;
  requester_id: string;
  record_kind: AccessRecordKind;
  record_id: string;
  window_from: Timestamp | null;
  window_to: Timestamp | null;
  owner_agency_id: string;
  reason: string;
  period_from: Timestamp;
  period_until: Timestamp;
  status: Generated<AccessRequestStatus>;
  created_at: Generated<Date>;
  decided_by: string | null;
  decided_at: Timestamp | null;
  opinion: string | null;
  valid_from: Timestamp | null;
  valid_until: Timestamp | null;
  revoked_by: string | null;
  revoked_at: Timestamp | null;
  revoke_reason: string | null;
  ended_at: Timestamp | null;
  version: Generated<number>;
}

export type HoldReason = 'dispute' | 'complaint' | 'obstruction' | 'incident' | 'reconsideration' | 'litigation';
export type HoldRecordKind = 'recording' | 'case' | 'segment' | 'flag_clip' | 'flag_snapshot' | 'document_pdf';
export type HoldStatus = 'pending' | 'in_force' | 'refused' | 'released';

/** A long-term hold on records (保全; R11, 002-音像 §29, 003 §24), approved by the owning unit's head. */
export interface RecordHoldsTable {
  id: Generated<string>;
  reason: HoldReason;
  note: string;
  record_kind: HoldRecordKind;
  record_id: string;
  record_sha256: string | null;
  window_from: Timestamp | null;
  window_to: Timestamp | null;
  owner_agency_id: string;
  requested_by: string;
  requested_at: Timestamp;
  /** A date (YYYY-MM-DD). */
  review_on: string;
  status: Generated<HoldStatus>;
  approved_by: string | null;
  approved_at: Timestamp | null;
  opinion: string | null;
  released_by: string | null;
  released_at: Timestamp | null;
  release_reason: string | null;
  version: Generated<number>;
}

// Self-inspection reports (issue 16 item 3; R14; migration 20261209T030000).
export type SelfReportStatus = 'draft' | 'submitted' | 'accepted' | 'returned' | 'falsified';
export type SelfReportAnswer = { key: string; answer: 'yes' | 'no' | 'na' | null; note: string; photoIds: string[] };
export interface SelfInspectionReportsTable {
  id: Generated<string>;
  business_id: string;
  site_id: string | null;
  agency_id: string;
  category: BusinessCategory;
  period_key: string;
  period_start: ColumnType<string, string, never>;
  period_end: ColumnType<string, string, never>;
  due_date: ColumnType<string, string, never>;
  version: Generated<number>;
  supersedes: string | null;
  checklist_version: number;
  answers: Json<SelfReportAnswer[]>;
  status: Generated<SelfReportStatus>;
  commitment_version: number | null;
  commitment_text: string | null;
  content_sha256: string | null;
  signer_user_id: string | null;
  signer_name: string | null;
  identity_method: 'email_code' | 'sms_code' | null;
  identity_address: string | null;
  code_id: string | null;
  signed_at: Timestamp | null;
  sign_ip: string | null;
  sign_user_agent: string | null;
  late: Generated<boolean>;
  reviewed_by: string | null;
  reviewed_at: Timestamp | null;
  review_note: string | null;
  routine_check_closed: Generated<boolean>;
  routine_check_closed_by: string | null;
  routine_check_closed_at: Timestamp | null;
  routine_check_reason: string | null;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface SelfInspectionPhotosTable {
  id: Generated<string>;
  report_id: string;
  business_id: string;
  period_start: ColumnType<string, string, never>;
  item_key: string;
  blob_sha256: string;
  media_type: 'image/jpeg' | 'image/png';
  size: ColumnType<string, number | string, never>;
  uploaded_by: string;
  created_at: Generated<Date>;
}

export interface Database {
  access_requests: AccessRequestsTable;
  record_holds: RecordHoldsTable;
  process_heartbeats: ProcessHeartbeatsTable;
  record_exports: RecordExportsTable;
  record_export_jobs: RecordExportJobsTable;
  record_reads: RecordReadsTable;
  record_read_seals: RecordReadSealsTable;
  mobile_recordings: MobileRecordingsTable;
  ledger_entries: LedgerEntriesTable;
  ledger_chain: LedgerChainTable;
  ledger_tree_nodes: LedgerTreeNodesTable;
  ledger_keys: LedgerKeysTable;
  ledger_checkpoints: LedgerCheckpointsTable;
  ledger_sealer_state: LedgerSealerStateTable;
  blobs: BlobsTable;
  backups: BackupsTable;
  agencies: AgenciesTable;
  document_counters: DocumentCountersTable;
  documents: DocumentsTable;
  users: UsersTable;
  sessions: SessionsTable;
  businesses: BusinessesTable;
  sites: SitesTable;
  devices: DevicesTable;
  service_addresses: ServiceAddressesTable;
  service_address_confirmations: ServiceAddressConfirmationsTable;
  consents: ConsentsTable;
  consent_devices: ConsentDevicesTable;
  consent_attachments: ConsentAttachmentsTable;
  one_time_codes: OneTimeCodesTable;
  outbox_messages: OutboxMessagesTable;
  device_credentials: DeviceCredentialsTable;
  publish_sessions: PublishSessionsTable;
  publish_refusals: PublishRefusalsTable;
  recording_segments: RecordingSegmentsTable;
  recording_gaps: RecordingGapsTable;
  media_views: MediaViewsTable;
  blob_deletions: BlobDeletionsTable;
  device_health: DeviceHealthTable;
  device_health_samples: DeviceHealthSamplesTable;
  device_alerts: DeviceAlertsTable;
  analysis_rules: AnalysisRulesTable;
  analysis_rule_versions: AnalysisRuleVersionsTable;
  flags: FlagsTable;
  flag_segments: FlagSegmentsTable;
  flag_clips: FlagClipsTable;
  device_reference_scenes: DeviceReferenceScenesTable;
  analyzer_leases: AnalyzerLeasesTable;
  flag_reviews: FlagReviewsTable;
  handling_policies: HandlingPoliciesTable;
  holidays: HolidaysTable;
  findings: FindingsTable;
  finding_attachments: FindingAttachmentsTable;
  finding_deliveries: FindingDeliveriesTable;
  finding_events: FindingEventsTable;
  sensor_reading_batches: SensorReadingBatchesTable;
  sensor_readings: SensorReadingsTable;
  finding_decisions: FindingDecisionsTable;
  agency_seal_certificates: AgencySealCertificatesTable;
  case_settings: CaseSettingsTable;
  agency_document_settings: AgencyDocumentSettingsTable;
  cases: CasesTable;
  case_flags: CaseFlagsTable;
  case_stages: CaseStagesTable;
  case_evidence: CaseEvidenceTable;
  case_clocks: CaseClocksTable;
  case_clock_pauses: CaseClockPausesTable;
  case_clock_extensions: CaseClockExtensionsTable;
  case_documents: CaseDocumentsTable;
  case_payments: CasePaymentsTable;
  case_archives: CaseArchivesTable;
  case_party_files: CasePartyFilesTable;
  deliveries: DeliveriesTable;
  delivery_channels: DeliveryChannelsTable;
  delivery_events: DeliveryEventsTable;
  sampling_plans: SamplingPlansTable;
  sampling_items: SamplingItemsTable;
  sampling_findings: SamplingFindingsTable;
  // Credit grades (issue 16 item 4)
  credit_grades: CreditGradesTable;
  // Self-inspection reports (issue 16 item 3)
  self_inspection_reports: SelfInspectionReportsTable;
  self_inspection_photos: SelfInspectionPhotosTable;
  // Public disclosure (issue 16 item 5; migration 20261209T050000).
  publications: PublicationsTable;
  // Rotation and random inspection (issue 16 item 2; migration 20261209T040000).
  inspection_plans: InspectionPlansTable;
  inspection_items: InspectionItemsTable;
  inspection_rotations: InspectionRotationsTable;
  inspection_rotation_entries: InspectionRotationEntriesTable;
  // The managers' dashboard (issue 16 item 1): migrations/20261209T010000.
  device_health_days: DeviceHealthDaysTable;
  device_health_rollups: DeviceHealthRollupsTable;
  health_region_days: HealthRegionDaysTable;
  device_online_years: DeviceOnlineYearsTable;
}
export type FlagRow = Selectable<FlagsTable>;
export type FlagReviewRow = Selectable<FlagReviewsTable>;
export type HandlingPolicyRow = Selectable<HandlingPoliciesTable>;
export type HolidayRow = Selectable<HolidaysTable>;
export type AnalysisRuleRow = Selectable<AnalysisRulesTable>;
export type FindingRow = Selectable<FindingsTable>;
export type FindingDeliveryRow = Selectable<FindingDeliveriesTable>;
export type FindingAttachmentRow = Selectable<FindingAttachmentsTable>;
export type FindingDecisionRow = Selectable<FindingDecisionsTable>;
export type DeliveryRow = Selectable<DeliveriesTable>;
export type DeliveryChannelRow = Selectable<DeliveryChannelsTable>;
export type DeliveryEventRow = Selectable<DeliveryEventsTable>;

export type Agency = Selectable<AgenciesTable>;
export type User = Selectable<UsersTable>;
export type BusinessRow = Selectable<BusinessesTable>;
export type NewBusiness = Insertable<BusinessesTable>;
export type BusinessUpdate = Updateable<BusinessesTable>;
export type SiteRow = Selectable<SitesTable>;
export type DeviceRow = Selectable<DevicesTable>;
export type ServiceAddressRow = Selectable<ServiceAddressesTable>;
export type ServiceAddressConfirmationRow = Selectable<ServiceAddressConfirmationsTable>;
export type LedgerEntryRow = Selectable<LedgerEntriesTable>;
export type ConsentRow = Selectable<ConsentsTable>;
export type ConsentDeviceRow = Selectable<ConsentDevicesTable>;
export type DeviceCredentialRow = Selectable<DeviceCredentialsTable>;
export type OutboxMessageRow = Selectable<OutboxMessagesTable>;

/** The last number taken per agency, year (Asia/Shanghai) and series ('wenhao:<nature>' or 'serial:<kind>'). */
export interface DocumentCountersTable {
  agency_id: string;
  year: number;
  series: string;
  last: number;
}
/** One version of an issued document (R8): append-only; a correction is the next version. */
export interface DocumentsTable {
  id: Generated<string>;
  document_id: string;
  version: number;
  kind: string;
  template_version: number;
  agency_id: string;
  subject_type: string;
  subject_id: string;
  number: string | null;
  series: string | null;
  year: number | null;
  seq: number | null;
  fields: unknown;
  signers: unknown;
  pdf_sha256: string;
  sealed: boolean;
  issued_by: string | null;
  issued_at: Date;
  public_ref: string;
  supersedes: string | null;
  reason: string | null;
}

// Sampling audits (R13; issue 15 item 8; migration 20261208T040000). Dates are 'YYYY-MM-DD'.
export type SamplingStatus = 'planned' | 'drawn' | 'completed';
export type SamplingItemResult = { result: 'pass' | 'fail' | 'na'; note: string | null };
export interface SamplingPlansTable {
  id: Generated<string>;
  agency_id: string;
  title: string;
  kinds: ('case' | 'recording')[];
  period_from: string;
  period_to: string;
  sample_size: number | null;
  /** numeric(5,2): pg returns it as text. */
  rate_percent: string | number | null;
  seed_source: string;
  status: Generated<SamplingStatus>;
  public_value: string | null;
  seed: string | null;
  algorithm: string | null;
  population: Json<string[]> | null;
  population_size: number | null;
  population_sha256: string | null;
  drawn_by: string | null;
  drawn_at: Timestamp | null;
  completed_by: string | null;
  completed_at: Timestamp | null;
  created_by: string;
  created_at: Generated<Date>;
  version: Generated<number>;
}
export interface SamplingItemsTable {
  id: Generated<string>;
  plan_id: string;
  position: number;
  item_key: string;
  kind: 'case' | 'recording';
  subject_id: string;
  day: string | null;
  label: Json<Record<string, string | null>>;
  results: Json<Record<string, SamplingItemResult>> | null;
  note: string | null;
  score: string | number | null;
  reviewed_by: string | null;
  reviewed_at: Timestamp | null;
  version: Generated<number>;
}
export interface SamplingFindingsTable {
  id: Generated<string>;
  plan_id: string;
  item_id: string;
  check_code: string | null;
  description: string;
  owner_id: string;
  due_on: string;
  status: Generated<'open' | 'closed'>;
  closing_note: string | null;
  closed_by: string | null;
  closed_at: Timestamp | null;
  created_by: string;
  created_at: Generated<Date>;
  version: Generated<number>;
}
export type SamplingPlanRow = Selectable<SamplingPlansTable>;
export type SamplingItemRow = Selectable<SamplingItemsTable>;
export type SamplingFindingRow = Selectable<SamplingFindingsTable>;
/** The export log (issue 15 item 3): one row per watermarked copy handed out; append-only. */
/** A read of a record by a person (migrations/20261208T060000): see core/records/record-ref.ts for kinds and ids. */
export interface RecordReadsTable {
  id: Generated<string>;
  at: Generated<Date>;
  user_id: string | null;
  user_name: string;
  role: string;
  action: 'view' | 'play' | 'live' | 'download' | 'export' | 'print';
  outcome: 'served' | 'denied';
  denied_reason: string | null;
  record_kind: string;
  record_id: string;
  sha256: string | null;
  window_from: Timestamp | null;
  window_to: Timestamp | null;
  device_id: string | null;
  case_id: string | null;
  business_id: string | null;
  agency_path: string | null;
  grant_id: string | null;
  export_id: string | null;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  bytes: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  finished_at: Timestamp | null;
}
export interface RecordReadSealsTable {
  day: ColumnType<string, string, string>;
  reads: ColumnType<string, number | string, number | string>;
  first_id: string | null;
  last_id: string | null;
  digest: string;
  sealed_at: Generated<Date>;
}
export interface RecordExportsTable {
  id: string;
  exported_by: string;
  viewer_name: string;
  account: string;
  record_kind: 'flag_clip' | 'flag_snapshot' | 'document_pdf' | 'segment' | 'recording' | 'attachment' | 'case_file';
  record_id: string;
  original_sha256: string;
  agency_id: string;
  business_id: string | null;
  reference_kind: 'grant' | 'case' | 'document' | 'record' | null;
  reference: string | null;
  watermark_text: string;
  file_sha256: string;
  file_size: ColumnType<string, number | string, never>;
  media_type: string;
  ip: string | null;
  created_at: Generated<Date>;
}

/** Records uploaded from the field (R10; migration 20261208T080000): labels fixed at start, append-only once finished. */
export interface MobileRecordingsTable {
  id: Generated<string>;
  case_id: string | null;
  device_id: string | null;
  business_id: string;
  agency_id: string;
  kind: 'video' | 'audio' | 'photo' | 'document';
  filename: string;
  media_type: string;
  captured_from: Timestamp;
  captured_to: Timestamp;
  matter: string;
  officers: Json<{ id: string; name: string }[]>;
  recorder_serial: string | null;
  declared_sha256: string;
  declared_size: ColumnType<string, number | string, never>;
  received_bytes: ColumnType<string, number | string | undefined, number | string>;
  sha256: string | null;
  uploaded_by: string;
  started_at: Generated<Date>;
  finished_at: Timestamp | null;
  deadline_at: Timestamp;
  late: Generated<boolean>;
  late_reason: string | null;
  status: Generated<'uploading' | 'complete' | 'refused'>;
  refusal: 'hash_mismatch' | 'truncated' | null;
}

/** A clip export made in the background (job 'exports.clip'): its state and progress; the copy's log row once done. */
export interface RecordExportJobsTable {
  id: Generated<string>;
  requested_by: string;
  record_kind: 'flag_clip';
  record_id: string;
  version: number | null;
  grant_id: string | null;
  status: Generated<'queued' | 'running' | 'done' | 'failed'>;
  percent: Generated<number>;
  error: string | null;
  export_id: string | null;
  ip: string | null;
  request_id: string | null;
  created_at: Generated<Date>;
  started_at: Date | null;
  finished_at: Date | null;
}

// Credit grades (issue 16 item 4; R13; 002 §4, §24)
/** One computation of a business's credit grade (append-only; the latest row is the current grade). */
export interface CreditGradesTable {
  id: Generated<string>;
  /** Write order: the latest row of a business is its current grade. */
  seq: ColumnType<string, never, never>;
  business_id: string;
  computed_at: Timestamp;
  score: ColumnType<string, number | string, never>;
  grade: 'A' | 'B' | 'C' | 'D';
  computed_grade: 'A' | 'B' | 'C' | 'D';
  rules_version: string;
  window_from: Timestamp;
  window_to: Timestamp;
  inputs: Json<{ key: string; value: number | null; weight: number; cap: number; points: number }[]>;
  override: Json<Record<string, unknown>> | null;
  reason: 'scheduled' | 'falsified_report' | 'manual_recompute';
  note: string | null;
  computed_by: string | null;
}
export type CreditGradeRow = Selectable<CreditGradesTable>;
// Public disclosure (R15; issue 16 item 5; migration 20261209T050000-create-publications).
export type PublicationKind = 'case_decision' | 'inspection_result';
export type PublicationStatus = 'draft' | 'requested' | 'published' | 'refused' | 'withdrawn';
/** 行政处罚法 art. 48 ¶2: what happened to the published decision. */
export type DecisionChangeKind = 'changed' | 'revoked' | 'confirmed_illegal' | 'confirmed_invalid';
export interface PublicationsTable {
  id: Generated<string>;
  public_ref: string;
  kind: PublicationKind;
  source_id: string;
  agency_id: string;
  business_id: string | null;
  title: string;
  body: string;
  document_number: string | null;
  /** A date (YYYY-MM-DD). */
  decided_on: string | null;
  /** The party as published (an organisation's name; a person's masked name). */
  party_name: Generated<string>;
  known_names: Json<string[]>;
  known_addresses: Json<string[]>;
  secrets: Json<string[]>;
  status: Generated<PublicationStatus>;
  created_by: string;
  created_at: Generated<Date>;
  requested_by: string | null;
  requested_at: Timestamp | null;
  decided_by: string | null;
  decided_at: Timestamp | null;
  opinion: string | null;
  published_at: Timestamp | null;
  change_kind: DecisionChangeKind | null;
  changed_at: Timestamp | null;
  change_note: string | null;
  withdrawal_due_at: Timestamp | null;
  withdrawal_notified_at: Timestamp | null;
  withdrawal_escalated_at: Timestamp | null;
  withdrawn_by: string | null;
  withdrawn_at: Timestamp | null;
  withdrawal_reason: string | null;
  updated_at: Generated<Date>;
  version: Generated<number>;
}
export type PublicationRow = Selectable<PublicationsTable>;
// Rotation and 双随机 random inspection (002 §5; R13; issue 16 item 2; migration 20261209T040000). Dates 'YYYY-MM-DD'.
export type InspectionPlanStatus = 'planned' | 'committed' | 'drawn' | 'published';
export type InspectionStratum = 'A' | 'B' | 'C' | 'D' | 'U';
export type InspectionResult = 'no_problem' | 'problems_found' | 'rectification_ordered' | 'document_review' | 'not_found' | 'closed';
export const INSPECTION_RESULTS: readonly InspectionResult[] = ['no_problem', 'problems_found', 'rectification_ordered', 'document_review', 'not_found', 'closed'];
export type InspectionRecusal = { officerId: string; businessId: string; reason: string };
export interface InspectionPlansTable {
  id: Generated<string>;
  agency_id: string;
  title: string;
  category: BusinessCategory | null;
  period_from: string;
  period_to: string;
  sample_size: number | null;
  rate_percent: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  seed_source: string;
  recusals: Json<InspectionRecusal[]>;
  status: Generated<InspectionPlanStatus>;
  population: Json<string[]> | null;
  population_size: number | null;
  population_sha256: string | null;
  committed_by: string | null;
  committed_at: Timestamp | null;
  public_value: string | null;
  seed: string | null;
  algorithm: string | null;
  random_size: number | null;
  allocation: Json<Record<InspectionStratum, number>> | null;
  drawn_by: string | null;
  drawn_at: Timestamp | null;
  published_by: string | null;
  published_at: Timestamp | null;
  created_by: string;
  created_at: Generated<Date>;
  version: Generated<number>;
}
export interface InspectionItemsTable {
  id: Generated<string>;
  plan_id: string;
  position: number;
  business_id: string;
  stratum: InspectionStratum;
  certain: boolean;
  officer_ids: string[];
  result: InspectionResult | null;
  result_note: string | null;
  self_report_id: string | null;
  inspected_on: string | null;
  /** What the PublicationRequester answered when the plan's results were published. */
  publication_id: string | null;
  recorded_by: string | null;
  recorded_at: Timestamp | null;
  version: Generated<number>;
}
export interface InspectionRotationsTable {
  id: Generated<string>;
  agency_id: string;
  category: BusinessCategory;
  year: number;
  revision: number;
  joined: Json<string[]>;
  left: Json<string[]>;
  computed_by: string;
  computed_at: Generated<Date>;
}
export interface InspectionRotationEntriesTable {
  rotation_id: string;
  business_id: string;
  stratum: InspectionStratum;
  visits: number;
  months: number[];
}
export type InspectionPlanRow = Selectable<InspectionPlansTable>;
export type InspectionItemRow = Selectable<InspectionItemsTable>;
/** One device's health over one whole Beijing day (dashboard rollup, job 'dashboard.rollup'): migrations/20261209T010000. */
export interface DeviceHealthDaysTable {
  device_id: string;
  day: ColumnType<string, string, string>;
  online_seconds: number;
  samples: number;
  blind_seconds: number;
  gap_seconds: number;
  gaps: number;
  tamper_events: number;
  computed_at: Generated<Date>;
}
/** Per day, agency and category: the devices counted that day and the sums of their health (migrations/20261210T010000). */
export interface HealthRegionDaysTable {
  day: ColumnType<string, string, string>;
  agency_id: string;
  category: BusinessCategory;
  devices: number;
  device_seconds: ColumnType<string, number | string, number | string>;
  online_seconds: ColumnType<string, number | string, number | string>;
  blind_seconds: ColumnType<string, number | string, number | string>;
  gap_seconds: ColumnType<string, number | string, number | string>;
  gaps: number;
  tamper_events: number;
  computed_at: Timestamp;
}
/** Per device and calendar year: bit d (0 = 1 January) set when the device, counted, was online on day d. */
export interface DeviceOnlineYearsTable {
  device_id: string;
  year: number;
  days: string;
}
/** Which Beijing days the rollup has computed, and when (a day computed before it ended is computed again). */
export interface DeviceHealthRollupsTable {
  day: ColumnType<string, string, string>;
  devices: number;
  computed_at: Timestamp;
}
