import { lazy, Suspense } from 'react';
import { Outlet, createBrowserRouter } from 'react-router';
import { AccountPasswordPage } from '../pages/AccountPasswordPage';
import { DeviceAnalysisPage, FlagDetailPage, FlagListPage } from '../pages/AnalysisPages';
import { ReviewSettingsView } from '../views/review/ReviewSettingsView';
import { ReviewStatsView } from '../views/review/ReviewStatsView';
import { BusinessDetailPage } from '../pages/BusinessDetailPage';
import { BusinessEditPage } from '../pages/BusinessEditPage';
import { BusinessListPage } from '../pages/BusinessListPage';
import { BusinessNewPage } from '../pages/BusinessNewPage';
import { ServiceAddressesPage } from '../pages/ServiceAddressesPage';
import { ConsentDetailPage, ConsentListPage, ConsentNewPage, CoveragePage, DeviceMediaPage, MailboxPage, SensorReadingsPage, VerifyPage } from '../pages/ConsentPages';
import { HomePage } from '../pages/HomePage';
import { CaseApprovalsPage, CaseArchivePage, CaseListPage, CaseReviewsPage, CaseWorkspacePage } from '../pages/CasePages';
import { LoginPage } from '../pages/LoginPage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { PortalCaseDetailPage, PortalCaseListPage, PortalFindingDetailPage, PortalFindingListPage } from '../pages/PortalPages';
import { AppShell } from '../views/shell/AppShell';
import { FindingWorklistView } from '../views/findings/FindingWorklistView';
import { AgencyAdminView } from '../views/admin/AgencyAdminView';
import { UserDetailView } from '../views/admin/UserDetailView';
import { UserListView } from '../views/admin/UserListView';
import { AuditView } from '../views/audit/AuditView';
import { AuditReadsView } from '../views/audit/AuditReadsView';
import { RecordTrailView } from '../views/audit/RecordTrailView';
import { BackupsView } from '../views/backups/BackupsView';
import { LateUploadsView } from '../views/mobile/LateUploadsView';
import { MySelfReportsView } from '../views/self-reports/MySelfReportsView';
import { SelfReportOverdueView, SelfReportQueueView } from '../views/self-reports/SelfReportListsView';
import { SelfReportView } from '../views/self-reports/SelfReportView';
import { RetentionReportView } from '../views/retention/RetentionReportView';
import { HoldRequestForm } from '../views/holds/HoldRequestForm';
import { HoldsView } from '../views/holds/HoldsView';
import { FollowUpsView } from '../views/sampling/FollowUpsView';
import { SamplingPlansView } from '../views/sampling/SamplingPlansView';
import { SamplingPlanView } from '../views/sampling/SamplingPlanView';
import { CreditGradesView } from '../views/credit/CreditGradesView';
import { CreditPortalView } from '../views/credit/CreditPortalView';
import { InspectionPlansView } from '../views/inspection/InspectionPlansView';
import { InspectionPlanView } from '../views/inspection/InspectionPlanView';
import { MyInspectionsView } from '../views/inspection/MyInspectionsView';
import { RotationView } from '../views/inspection/RotationView';
import { AccessRequestForm } from '../views/access-requests/AccessRequestForm';
import { AccessRequestsView } from '../views/access-requests/AccessRequestsView';
import { PublicDecisionsPage, PublicDevicesPage, PublicPublicationPage } from '../pages/DisclosurePages';
import { PublicationsView } from '../views/disclosure/PublicationsView';
import { DeviceListView } from '../views/devices/DeviceListView';
import { RequireAuth } from './RequireAuth';
import { RequirePermission } from './RequirePermission';
import { RouteError } from './RouteError';
import { Loading } from '../components/Loading';
import { prefetchDashboardData } from '../views/dashboard/prefetch';

// 指挥看板 (issue 16) is loaded when opened: ECharts stays out of everyone else's bundle. Opened
// by its address, its code starts loading with the app (beside the session check), and its
// figures are asked for while the code arrives (prefetch.ts), instead of one after the other.
const loadDashboard = () => import('../views/dashboard/DashboardView');
if (window.location.pathname === '/dashboard') void loadDashboard();
const DashboardView = lazy(() => {
  prefetchDashboardData();
  return loadDashboard().then((m) => ({ default: m.DashboardView }));
});
import { SessionProvider } from './SessionProvider';

function Root() {
  return (
    <SessionProvider>
      <Outlet />
    </SessionProvider>
  );
}

export const router = createBrowserRouter([
  {
    element: <Root />,
    errorElement: <RouteError />,
    children: [
      { path: '/login', element: <LoginPage /> },
      { path: '/verify/:ref', element: <VerifyPage /> },
      // Public disclosure (R15), no login: decisions and inspection results, the register of monitoring devices.
      { path: '/public', element: <PublicDecisionsPage /> },
      { path: '/public/devices', element: <PublicDevicesPage /> },
      { path: '/public/publications/:ref', element: <PublicPublicationPage /> },
      {
        element: (
          <RequireAuth>
            <AppShell />
          </RequireAuth>
        ),
        errorElement: <RouteError />,
        children: [
          { index: true, element: <HomePage /> },
          { path: 'account/password', element: <AccountPasswordPage /> },
          { path: 'businesses', element: <BusinessListPage /> },
          { path: 'businesses/new', element: <BusinessNewPage /> },
          { path: 'businesses/:id', element: <BusinessDetailPage /> },
          { path: 'businesses/:id/edit', element: <BusinessEditPage /> },
          { path: 'businesses/:id/service-addresses', element: <ServiceAddressesPage /> },
          { path: 'consents', element: <ConsentListPage /> },
          { path: 'consents/new', element: <ConsentNewPage /> },
          { path: 'consents/coverage', element: <CoveragePage /> },
          { path: 'consents/:id', element: <ConsentDetailPage /> },
          { path: 'mailbox', element: <MailboxPage /> },
          { path: 'devices/:id/media', element: <DeviceMediaPage /> },
          { path: 'devices/:id/readings', element: <SensorReadingsPage /> },
          { path: 'devices/:id/analysis', element: <DeviceAnalysisPage /> },
          { path: 'flags', element: <FlagListPage /> },
          { path: 'flags/:id', element: <FlagDetailPage /> },
          { path: 'review/stats', element: <RequirePermission permission="review.stats"><ReviewStatsView /></RequirePermission> },
          { path: 'review/settings', element: <RequirePermission permission="settings.admin"><ReviewSettingsView /></RequirePermission> },
          { path: 'cases', element: <RequirePermission permission="case.read"><CaseListPage /></RequirePermission> },
          { path: 'cases/approvals', element: <RequirePermission permission="case.approve"><CaseApprovalsPage /></RequirePermission> },
          { path: 'cases/reviews', element: <RequirePermission permission="legal_review.perform"><CaseReviewsPage /></RequirePermission> },
          { path: 'cases/archive', element: <RequirePermission permission="record.archive"><CaseArchivePage /></RequirePermission> },
          { path: 'cases/:id', element: <RequirePermission permission="case.read"><CaseWorkspacePage /></RequirePermission> },
          { path: 'access-requests', element: <RequirePermission permission="access.request"><AccessRequestsView /></RequirePermission> },
          { path: 'access-requests/new', element: <RequirePermission permission="access.request"><AccessRequestForm /></RequirePermission> },
          { path: 'findings/worklist', element: <RequirePermission permission="finding.worklist"><FindingWorklistView /></RequirePermission> },
          { path: 'admin/users', element: <RequirePermission permission="user.admin"><UserListView /></RequirePermission> },
          { path: 'admin/users/:id', element: <RequirePermission permission="user.admin"><UserDetailView /></RequirePermission> },
          { path: 'admin/agencies', element: <RequirePermission permission="agency.admin"><AgencyAdminView /></RequirePermission> },
          { path: 'audit', element: <RequirePermission permission="ledger.platform"><AuditView /></RequirePermission> },
          { path: 'audit/reads', element: <RequirePermission permission="audit.read"><AuditReadsView /></RequirePermission> },
          { path: 'audit/records/:kind/:id', element: <RequirePermission permission="audit.read"><RecordTrailView /></RequirePermission> },
          { path: 'mobile-recordings/late', element: <RequirePermission permission="record.upload_late"><LateUploadsView /></RequirePermission> },
          // Self-inspection reports (issue 16 item 3)
          { path: 'self-reports/mine', element: <RequirePermission permission="self_report.submit"><MySelfReportsView /></RequirePermission> },
          { path: 'self-reports/queue', element: <RequirePermission permission="self_report.review"><SelfReportQueueView /></RequirePermission> },
          { path: 'self-reports/overdue', element: <RequirePermission permission="self_report.review"><SelfReportOverdueView /></RequirePermission> },
          { path: 'self-reports/:id', element: <RequirePermission permission="self_report.read"><SelfReportView /></RequirePermission> },
          { path: 'admin/backups', element: <RequirePermission permission="backup.read"><BackupsView /></RequirePermission> },
          { path: 'retention', element: <RequirePermission permission="retention.report"><RetentionReportView /></RequirePermission> },
          { path: 'holds', element: <RequirePermission permission="hold.request"><HoldsView /></RequirePermission> },
          { path: 'holds/new', element: <RequirePermission permission="hold.request"><HoldRequestForm /></RequirePermission> },
          { path: 'disclosure', element: <RequirePermission permission="publication.read"><PublicationsView /></RequirePermission> },
          { path: 'sampling', element: <RequirePermission permission="sampling.audit"><SamplingPlansView /></RequirePermission> },
          { path: 'sampling/follow-ups', element: <RequirePermission permission="sampling.follow_up"><FollowUpsView /></RequirePermission> },
          { path: 'sampling/:id', element: <RequirePermission permission="sampling.audit"><SamplingPlanView /></RequirePermission> },
          // Credit grades (issue 16 item 4): staff's list; the business's own page in its portal.
          { path: 'credit', element: <RequirePermission permission="credit.read"><CreditGradesView /></RequirePermission> },
          { path: 'portal/credit', element: <RequirePermission permission="credit.read"><CreditPortalView /></RequirePermission> },
          { path: 'dashboard', element: <RequirePermission permission="dashboard.read"><Suspense fallback={<Loading />}><DashboardView /></Suspense></RequirePermission> },
          { path: 'devices', element: <RequirePermission permission="device.list"><DeviceListView /></RequirePermission> },
          // Rotation and 双随机 random inspection (issue 16 item 2).
          { path: 'inspection', element: <RequirePermission permission="inspection.read"><InspectionPlansView /></RequirePermission> },
          { path: 'inspection/rotation', element: <RequirePermission permission="inspection.read"><RotationView /></RequirePermission> },
          { path: 'inspection/mine', element: <RequirePermission permission="inspection.record"><MyInspectionsView /></RequirePermission> },
          { path: 'inspection/:id', element: <RequirePermission permission="inspection.read"><InspectionPlanView /></RequirePermission> },
          { path: 'portal/findings', element: <PortalFindingListPage /> },
          { path: 'portal/findings/:id', element: <PortalFindingDetailPage /> },
          { path: 'portal/cases', element: <RequirePermission permission="case.party"><PortalCaseListPage /></RequirePermission> },
          { path: 'portal/cases/:id', element: <RequirePermission permission="case.party"><PortalCaseDetailPage /></RequirePermission> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
