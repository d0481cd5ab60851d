import type { Role } from '../db/database.js';

const STAFF = ['officer', 'legal_reviewer', 'manager', 'archivist', 'auditor', 'admin'] as const satisfies readonly Role[];
const EVERYONE = [...STAFF, 'business'] as const satisfies readonly Role[];

/**
 * The one permission table (R12): for each thing a user may see or do, the roles that may.
 * What a role may reach is further bounded by scope (access.service.ts): staff their agency's
 * subtree, a business user its own business. Every route names one of these (or 'public' /
 * 'account'), and every later feature adds its permissions here, not a guard of its own.
 */
export const PERMISSIONS = {
  // Registry
  'agency.read': EVERYONE,
  'business.read': EVERYONE,
  'business.write': ['officer', 'admin'],
  'service_address.write': ['officer', 'admin', 'business'],
  // The 送达地址确认书 (行政处罚法 art. 61 ¶2): the party itself agrees to electronic service and signs it.
  'service_address.confirm': ['business'],
  // Consent (R1): the agency drafts and proposes; the business signs; either side may suspend or revoke.
  'consent.read': EVERYONE,
  'consent.edit': ['officer', 'admin'],
  'consent.party': ['business'],
  'consent.coverage': STAFF,
  'credential.read': EVERYONE,
  'credential.write': ['officer', 'admin', 'business'],
  // Issue 16 item 1 (i16-dash-web): the staff device list behind the dashboard's device figures, scoped like the register.
  'device.list': STAFF,
  // Live view and recordings (R12): the people who act on what the camera shows.
  'media.view': ['officer', 'manager', 'admin', 'business'],
  // Sensor readings (R4): whoever may see the device's business sees its water-quality data.
  'reading.read': EVERYONE,
  // Analysis (R4) and review of flags (R5)
  'analysis.read': STAFF,
  'analysis.write': ['officer', 'admin'],
  'flag.read': STAFF,
  'flag.review': ['officer', 'manager', 'admin'],
  /** Who may be assigned a flag to handle. */
  'flag.assignee': ['officer', 'manager'],
  /** Who is told when a flag of his subtree passes its deadline undecided. */
  'flag.overdue_notice': ['manager'],
  'review.stats': ['manager', 'admin'],
  // Findings (R6): staff read them; the business answers its own.
  'finding.read': EVERYONE,
  'finding.answer': ['business'],
  // The officer's answer to a dispute (行政处罚法 art. 45) and referral for case filing (art. 54):
  // decisions of the enforcement staff who handle flags, each its own permission. Administrators
  // run the platform and do not decide enforcement matters; reviewers and archivists only read.
  'finding.dispute_accept': ['officer', 'manager'],
  'finding.dispute_uphold': ['officer', 'manager'],
  'finding.refer': ['officer', 'manager'],
  /** The officers' list of disputed and unanswered findings (scoped like the flag queue). */
  'finding.worklist': STAFF,
  // Legal review of major decisions (R8; 004 附表3): the reviewer's own permission, used by cases.
  'legal_review.perform': ['legal_reviewer'],
  // Issued enforcement documents (R8): staff of the issuing agency's subtree read them and their
  // PDFs; case documents are scoped further by their case where the case routes serve them.
  'document.read': STAFF,
  // Cases (R7, R8): staff of the agency subtree read them (the party its own: case.party below);
  // officers file and record the stages they act in; the unit head
  // (负责人) approves filing, extensions, pauses, and decides (行政处罚法 arts. 54, 56, 57); the
  // legal reviewer reviews (art. 58, above). Which stage needs which is core/cases/procedure.ts.
  'case.read': STAFF,
  'case.file': ['officer'],
  'case.act': ['officer'],
  'case.approve': ['manager'],
  /**
   * The case file as a self-verifying bundle (documents, evidence, ledger proofs, keys): the
   * officers and heads of the case's agency subtree, and the archivists who keep it.
   */
  'case.export': ['officer', 'manager', 'archivist'],
  /** Who may be named an investigator (承办人员) or a hearing chair. */
  'case.investigator': ['officer'],
  /**
   * The party's own procedure online (行政处罚法 art. 41 ¶3): its cases (its business's only), the
   * documents addressed to it, the evidence clip, its statement and defence, its hearing request.
   */
  'case.party': ['business'],
  // Service of documents (R9; issue 14): officers serve a case document and record other methods
  // with 'case.act', staff read the evidence with 'case.read'; the business receives its own in the
  // portal — reads, downloads and acknowledges them (scope: its own business only).
  'delivery.receive': ['business'],
  // Ledger proofs: staff, for entries about what their subtree owns; platform entries (settings,
  // denials, sessions) only to administrators and auditors.
  'ledger.proof': STAFF,
  'ledger.platform': ['admin', 'auditor'],
  /**
   * Approved, time-boxed access (调用单; 002-音像 §24–§25, 001 §24–§26, 000 §18): staff who need
   * records outside their scope (another district, an upper authority, an auditor) ask, and the
   * head (负责人) of the unit that owns the records approves, refuses or revokes; a grant lets its
   * holder read the record under a permission his role holds (access.service requireRecord).
   * Publication of a record (R12) is asked and approved the same way.
   */
  'access.request': ['officer', 'legal_reviewer', 'manager', 'archivist', 'auditor'],
  'access.approve': ['manager'],
  /** Keeps the records (档案): the archivist's work starts on the signed documents. */
  'record.archive': ['archivist'],
  // Sampling audits of records (R13; 002-音像 §32–§34): auditors and unit heads plan, draw, review
  // and record findings within their agency subtree; whoever owns a follow-up closes it.
  'sampling.audit': ['manager', 'auditor'],
  'sampling.follow_up': ['officer', 'legal_reviewer', 'manager', 'archivist', 'auditor'],
  /**
   * Copies of records taken off the platform (issue 15 item 3): a flag's clip or snapshot, a document
   * PDF, exported only with the exporter's watermark burned in, each copy logged (record_exports).
   * The staff who work with the records; scope as for reading them.
   */
  'record.export': ['officer', 'manager', 'legal_reviewer', 'archivist'],
  /**
   * Records made in the field (R10; 000 §14, 001 §22, 003 §23): the officers who made them upload them
   * (footage of a body-worn recorder or a phone, photos, documents) into a case or a device's record
   * in their scope — never kept privately. Staff of the scope read them (an approved grant outside it);
   * the unit head sees which came late and why.
   */
  'record.upload': ['officer'],
  'record.upload_read': STAFF,
  'record.upload_late': ['manager'],
  /** Tracing a leaked copy back to its export (by export id, text on it, or file hash): heads, auditors, admins. */
  'record.export_trace': ['manager', 'auditor', 'admin'],
  /**
   * The audit log of records (issue 15 item 6; R12, 002-音像 §28–§31): who read, played,
   * downloaded, exported or was refused which record, and a record's whole trail. Unit heads read
   * the reads of records their agency subtree owns ('audit.read', scope as for the records);
   * auditors and administrators read the whole platform's ('audit.read_all', which implies it),
   * including reads of records no agency owns.
   */
  'audit.read': ['manager', 'auditor', 'admin'],
  'audit.read_all': ['auditor', 'admin'],
  /**
   * Long-term holds (保全; R11; 002-音像 §29, 003 §24): the staff who work with the records ask,
   * the head (负责人) of the unit that owns them approves, reviews and releases (never his own).
   */
  'hold.request': ['officer', 'manager', 'legal_reviewer', 'archivist'],
  'hold.approve': ['manager'],
  /** The retention line shown on a record (class, basis, date it may go, holds): whoever may see the record. */
  'retention.read': EVERYONE,
  /** The purge report (保存与销毁): what will go when, what went, holds in force — over one's agency subtree. */
  'retention.report': ['admin', 'archivist', 'manager'],
  /**
   * Credit grades (issue 16 item 4; R13; 002 §4): the score, each input with its weight and points,
   * and the history — the business its own, staff their agency subtree (scope bounds it). The
   * enforcement staff who supervise the business may recompute it now, giving the reason.
   */
  'credit.read': EVERYONE,
  'credit.recompute': ['officer', 'manager'],
  /**
   * Self-inspection reports (issue 16 item 3; R14; 002 §14): the business fills, photographs and
   * signs its own; officers and unit heads review them (accept, return, find falsified), close a
   * routine check by document review and list late and missing reports; everyone reads within scope.
   */
  'self_report.read': EVERYONE,
  'self_report.submit': ['business'],
  'self_report.review': ['officer', 'manager'],
  /**
   * Rotation and 双随机 random inspection (issue 16 item 2; 002 §5): the unit head (负责人) plans, commits
   * the population, draws, computes the rotation and publishes results; staff read plans and rotations
   * of their agency subtree; the two officers paired on an item record its result. The list's redraw is
   * public (no login).
   */
  'inspection.plan': ['manager'],
  'inspection.read': STAFF,
  'inspection.record': ['officer'],
  // Administration
  'user.admin': ['admin'],
  'agency.admin': ['admin'],
  'settings.admin': ['admin'],
  /** The off-site backups' list (R10 异地备份): the platform's administrators and the archivists who keep the records. */
  'backup.read': ['admin', 'archivist'],
  /**
   * Public disclosure (R15; issue 16 item 5; 行政处罚法 arts. 41, 48; 004 二(一), 附表2): staff of the
   * agency subtree read the publications; the officers and heads who handle cases compose one from a
   * decided case and ask for it to be published (and record that a decision was changed or revoked);
   * the head (负责人) of the owning unit approves or refuses it — never his own request — and
   * withdraws it (004 附表2 第十一条). The public pages need no permission ('public' routes).
   */
  'publication.read': STAFF,
  'publication.request': ['officer', 'manager'],
  'publication.approve': ['manager'],
  /**
   * The managers' dashboard (issue 16 item 1; R13): coverage, device health, flag handling, cases,
   * per region, category and officer, over the caller's agency subtree (a region outside it: 403),
   * with its CSV/Excel exports. Heads of units, auditors and administrators.
   */
  'dashboard.read': ['manager', 'auditor', 'admin'],
  // The demo mailbox (demo mode only): a user's own captured mail.
  'mailbox.read': EVERYONE,
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;
/**
 * What a route declares: a permission, several of which any one will do (a consent is suspended
 * by the agency or by the business), any logged-in user ('account'), or nobody logged in ('public').
 */
export type RouteAccess = Permission | readonly Permission[] | 'account' | 'public';

export function roleMay(role: Role, permission: Permission | readonly Permission[]): boolean {
  const any = typeof permission === 'string' ? [permission] : permission;
  return any.some((p) => (PERMISSIONS[p] as readonly Role[]).includes(role));
}

/** The roles that hold a permission, e.g. for queries that find who may act. */
export function rolesWith(permission: Permission): readonly Role[] {
  return PERMISSIONS[permission];
}

/** Whether the caller's role holds the permission (any one of several). Scope is not part of it: see access.require(). */
export function can(caller: { user: { role: Role } }, permission: Permission | readonly Permission[]): boolean {
  return roleMay(caller.user.role, permission);
}

/** Every permission a role holds (the web's session carries them). */
export function permissionsOf(role: Role): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => roleMay(role, p));
}
