import type { Permission } from '../../../core/access/permissions';
import type { User } from '../api/types';

/**
 * The one menu: each entry names the permission it needs (the session's, from the server's one
 * table), and who it is for — staff or the business's own people. Every role's menu and start
 * page are derived from here; nothing else decides what a role sees in the navigation.
 */
type Entry = {
  to: string | ((u: User) => string | null);
  label: string;
  permission: Permission;
  for: 'staff' | 'business';
  /** Left out of the bar for holders of this (they reach it elsewhere). */
  unless?: Permission;
  /** One's own things (requests, follow-ups) go in the account menu (我的 ▾) beside the password, not in the bar. */
  place?: 'account';
};

export const MENU: readonly Entry[] = [
  // The business's own
  { to: '/portal/findings', label: 'portal.nav', permission: 'finding.answer', for: 'business' },
  { to: '/portal/cases', label: 'portalCases.nav', permission: 'case.party', for: 'business' },
  { to: '/consents', label: 'consent.nav', permission: 'consent.party', for: 'business' },
  { to: (u) => (u.businessId ? `/businesses/${u.businessId}` : null), label: 'nav.myBusiness', permission: 'business.read', for: 'business' },
  // Its service addresses and the signed 送达地址确认书 (electronic service goes only there).
  { to: (u) => (u.businessId ? `/businesses/${u.businessId}/service-addresses` : null), label: 'serviceAddress.nav', permission: 'service_address.confirm', for: 'business' },
  // Staff
  // The auditor's own page; an admin reaches it among the 系统管理 tabs (one line of menu at 1366 px).
  { to: '/audit', label: 'admin.nav.audit', permission: 'ledger.platform', for: 'staff', unless: 'user.admin' },
  { to: '/businesses', label: 'nav.registry', permission: 'business.read', for: 'staff' },
  { to: '/consents', label: 'consent.nav', permission: 'consent.read', for: 'staff' },
  { to: '/consents/coverage', label: 'consent.coverageNav', permission: 'consent.coverage', for: 'staff' },
  { to: '/flags', label: 'flags.nav', permission: 'flag.read', for: 'staff' },
  { to: '/findings/worklist', label: 'dispute.nav', permission: 'finding.worklist', for: 'staff' },
  // Cases (R7, R8): the unit head's approvals and the legal reviewer's queue first for them, then the list.
  { to: '/cases/approvals', label: 'cases.approvalsNav', permission: 'case.approve', for: 'staff' },
  { to: '/cases/reviews', label: 'cases.reviewsNav', permission: 'legal_review.perform', for: 'staff' },
  // The archivist's 待归档 (R10): closed cases to archive within 30 days.
  { to: '/cases/archive', label: 'closing.queue.nav', permission: 'record.archive', for: 'staff' },
  // The system administrator does no case work: the list stays one address away, the bar on one line at 1366 px.
  { to: '/cases', label: 'cases.nav', permission: 'case.read', for: 'staff', unless: 'user.admin' },
  // 调用申请 (R12): one's requests for records outside one's scope. A unit head reaches them (and his
  // 调用审批) from his case approvals page: the bar has no room for another entry of his at 1366 px.
  { to: '/access-requests', label: 'accessRequests.nav', permission: 'access.request', for: 'staff', unless: 'access.approve', place: 'account' },
  { to: '/review/stats', label: 'review.statsNav', permission: 'review.stats', for: 'staff' },
  // Sampling audits of records (R13): auditors plan and review from the bar; unit heads (whose bar is
  // full at 1366 px) from their 处置统计 page; owners close their follow-ups.
  { to: '/sampling', label: 'sampling.nav', permission: 'sampling.audit', for: 'staff', unless: 'review.stats' },
  // Whoever owns a follow-up closes it there; auditors and heads reach it from 记录抽查.
  { to: '/sampling/follow-ups', label: 'sampling.followUpsNav', permission: 'sampling.follow_up', for: 'staff', unless: 'sampling.audit', place: 'account' },
  // Rotation and 双随机 random inspection (issue 16 item 2): plans and the rotation calendar for staff, an
  // officer's own inspections, from the account menu (the bar is full at 1366 px in English).
  { to: '/inspection', label: 'inspection.nav', permission: 'inspection.read', for: 'staff', place: 'account' },
  { to: '/inspection/mine', label: 'inspection.myNav', permission: 'inspection.record', for: 'staff', place: 'account' },
  // The audit log of records (issue 15 item 6): a unit head (whose bar is full at 1366 px) has it in
  // his account menu; auditors and admins reach it as a tab of their audit area (AUDIT_TABS, ADMIN_TABS).
  { to: '/audit/reads', label: 'auditLog.nav', permission: 'audit.read', for: 'staff', unless: 'audit.read_all', place: 'account' },
  // Field records uploaded late (R10): the unit head's list, from the account menu (his bar is full at 1366 px).
  { to: '/mobile-recordings/late', label: 'mobile.lateTitle', permission: 'record.upload_late', for: 'staff', place: 'account' },
  // Self-inspection reports (issue 16 item 3): the business's own, the review queue, late and missing ones.
  { to: '/self-reports/mine', label: 'selfReports.nav', permission: 'self_report.submit', for: 'business', place: 'account' },
  { to: '/self-reports/queue', label: 'selfReports.queueNav', permission: 'self_report.review', for: 'staff', place: 'account' },
  { to: '/self-reports/overdue', label: 'selfReports.overdueNav', permission: 'self_report.review', for: 'staff', place: 'account' },
  { to: '/review/settings', label: 'review.settingsNav', permission: 'settings.admin', for: 'staff' },
  // 系统管理: one entry; its pages (ADMIN_TABS) are tabs inside it.
  { to: '/admin/users', label: 'admin.section', permission: 'user.admin', for: 'staff' },
  { to: '/admin/agencies', label: 'admin.section', permission: 'agency.admin', for: 'staff' },
  // The archivist keeps the records, their off-site copies included (R10); an admin has it among the tabs.
  { to: '/admin/backups', label: 'backups.nav', permission: 'backup.read', for: 'staff', unless: 'user.admin' },
  // 保存与销毁 (R11): heads and archivists from the account menu (the bar is full at 1366 px); an admin among the tabs.
  { to: '/retention', label: 'retention.nav', permission: 'retention.report', for: 'staff', unless: 'user.admin', place: 'account' },
  // 保全 (R11): one's own holds and, for a unit head, his 保全审批 — from the account menu (the bar is full at 1366 px).
  { to: '/holds', label: 'holds.nav', permission: 'hold.request', for: 'staff', place: 'account' },
  // Credit grades (issue 16 item 4; R13): staff's list of grades and the business's own grade, from the account menu (the bars are full at 1366 px).
  { to: '/credit', label: 'credit.nav', permission: 'credit.read', for: 'staff', place: 'account' },
  { to: '/portal/credit', label: 'credit.portalNav', permission: 'credit.read', for: 'business', place: 'account' },
  // 公开管理 (R15): drafts, approvals, published, withdrawals due — from the account menu (the bar is full at 1366 px).
  { to: '/disclosure', label: 'disclosure.nav', permission: 'publication.read', for: 'staff', place: 'account' },
  // 指挥看板 (issue 16 item 1): managers, auditors and admins, from the account menu (the bar is full at 1366 px).
  { to: '/dashboard', label: 'dashboard.nav', permission: 'dashboard.read', for: 'staff', place: 'account' },
];

/** The pages under 系统管理, as tabs on each of them. */
export const ADMIN_TABS: readonly { to: string; label: string; permission: Permission }[] = [
  { to: '/admin/users', label: 'admin.nav.users', permission: 'user.admin' },
  { to: '/admin/agencies', label: 'admin.nav.agencies', permission: 'agency.admin' },
  { to: '/audit', label: 'admin.nav.audit', permission: 'ledger.platform' },
  { to: '/audit/reads', label: 'auditLog.nav', permission: 'audit.read_all' },
  { to: '/admin/backups', label: 'backups.nav', permission: 'backup.read' },
  { to: '/retention', label: 'retention.nav', permission: 'retention.report' },
];

/** The auditor's audit area (an admin has the same pages among the 系统管理 tabs): the ledger and the audit log of records. */
export const AUDIT_TABS: readonly { to: string; label: string; permission: Permission }[] = [
  { to: '/audit', label: 'auditLog.ledgerTab', permission: 'ledger.platform' },
  { to: '/audit/reads', label: 'auditLog.nav', permission: 'audit.read' },
];

/**
 * Where each kind of work starts, first match wins: those who register and supervise land on the
 * registry, the legal reviewer on the cases awaiting his legal review, the auditor on the ledger, the archivist
 * on the closed cases waiting to be archived (待归档); anyone else on the registry.
 */
const START: readonly { permission: Permission; to: string }[] = [
  { permission: 'business.write', to: '/businesses' },
  { permission: 'legal_review.perform', to: '/cases/reviews' },
  { permission: 'ledger.platform', to: '/audit' },
  { permission: 'record.archive', to: '/cases/archive' },
];

const has = (u: Pick<User, 'permissions'>, p: Permission) => u.permissions.includes(p);
const isBusiness = (u: User) => u.role === 'business';

/** The 系统管理 tabs the user may open. */
export function adminTabsFor(user: User) {
  return ADMIN_TABS.filter((t) => has(user, t.permission));
}

/** The audit area's tabs the user may open. */
export function auditTabsFor(user: User) {
  return AUDIT_TABS.filter((t) => has(user, t.permission));
}

/** The user's menu: the entries his session's permissions allow, in order, each path and label once. */
export function menuFor(user: User): { to: string; label: string; place: 'bar' | 'account' }[] {
  const seen = new Set<string>();
  const out: { to: string; label: string; place: 'bar' | 'account' }[] = [];
  for (const e of MENU) {
    if (e.for !== (isBusiness(user) ? 'business' : 'staff') || !has(user, e.permission) || (e.unless && has(user, e.unless))) continue;
    const to = typeof e.to === 'function' ? e.to(user) : e.to;
    if (to && !seen.has(to) && !seen.has(e.label)) {
      seen.add(to);
      seen.add(e.label);
      out.push({ to, label: e.label, place: e.place ?? 'bar' });
    }
  }
  return out;
}

/** Where a user lands after login. */
export function startPath(user: User): string {
  // A business starts at its findings, those waiting for its answer first (consents are one tap away in the menu).
  if (isBusiness(user)) return user.businessId ? '/portal/findings' : '/account/password';
  return START.find((s) => has(user, s.permission))?.to ?? '/businesses';
}
