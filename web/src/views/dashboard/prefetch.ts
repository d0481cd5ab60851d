import { prefetchDashboard } from '../../api/dashboard';
import { zoneDay } from '../../format/datetime';
import { apiQuery, isAgencyId, readContext } from './drill';
import { periodError } from './period';

/**
 * Starts the figures' request for the dashboard URL the browser is on, as the page will ask for it
 * (DashboardView: same context, same query), while the page's code (ECharts) is still loading.
 * Nothing is asked for a period or an agency the page would refuse.
 */
export function prefetchDashboardData(): void {
  const today = zoneDay();
  const ctx = readContext(new URLSearchParams(window.location.search), today);
  if (periodError(ctx, today) || !isAgencyId(ctx.agencyId)) return;
  prefetchDashboard(apiQuery(ctx));
}
