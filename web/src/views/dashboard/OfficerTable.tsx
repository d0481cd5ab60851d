import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { OfficerRow } from '../../api/dashboard';
import { type DashboardContext, flagsUrl } from './drill';

/** Officer workload: flags assigned, decided, confirmed, overdue and the median triage time; each count opens his flags. */
export function OfficerTable({ ctx, rows }: { ctx: DashboardContext; rows: OfficerRow[] }) {
  const { t } = useTranslation();
  if (rows.length === 0) return null;
  const m = (n: number | null) => (n === null ? '—' : t('dashboard.unit.minutes', { n: Math.round(n) }));
  return (
    <section className="card dash-section dash-wide" data-testid="officers">
      <h2>{t('dashboard.officersTitle')}</h2>
      <div className="table-wrap">
        <table className="table dense">
          <thead>
            <tr>
              <th scope="col">{t('dashboard.officer')}</th>
              <th scope="col">{t('dashboard.unitName')}</th>
              <th scope="col">{t('dashboard.assigned')}</th>
              <th scope="col">{t('dashboard.fig.decided')}</th>
              <th scope="col">{t('dashboard.fig.confirmed')}</th>
              <th scope="col">{t('dashboard.fig.overdue')}</th>
              <th scope="col">{t('dashboard.fig.openOverdue')}</th>
              <th scope="col">{t('dashboard.fig.medianTriageMinutes')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((o) => {
              // The officer's flags under the region and period shown (he may work in a unit below it).
              const mine = ctx;
              return (
                <tr key={o.userId} data-testid="officer-row" data-user-id={o.userId}>
                  <th scope="row">{o.name}</th>
                  <td>{o.agencyName}</td>
                  <td><Link to={flagsUrl(mine, { assignee: o.userId })}>{o.assigned}</Link></td>
                  <td>{o.decided}</td>
                  <td><Link to={flagsUrl(mine, { assignee: o.userId, status: 'confirmed' })}>{o.confirmed}</Link></td>
                  <td><Link to={flagsUrl(mine, { assignee: o.userId, overdue: true })} data-testid="officer-overdue">{o.overdue}</Link></td>
                  <td><Link to={flagsUrl(mine, { assignee: o.userId, overdue: true, status: 'open' })}>{o.openOverdue}</Link></td>
                  <td>{m(o.medianTriageMinutes)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
