import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { srOverdue, srQueue } from '../../api/self-reports';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { formatDate, formatDateTime } from '../../format/datetime';
import { useApiQuery } from '../../hooks/use-api-query';
import './self-reports.css';

/** Officers' and heads' queue of signed reports awaiting review, in their agency subtree. */
export function SelfReportQueueView() {
  const { t, i18n } = useTranslation();
  const q = useApiQuery('sr-queue', (signal) => srQueue(signal));
  return (
    <section className="card sr" data-testid="self-report-queue">
      <h1>{t('selfReports.queueTitle')}</h1>
      <ErrorBanner error={q.error} />
      {q.loading && !q.data && <Loading />}
      {q.data && q.data.items.length === 0 && <p className="muted">{t('selfReports.empty')}</p>}
      <table className="sr-table">
        <tbody>
          {q.data?.items.map((r) => (
            <tr key={r.id}>
              <td>{r.businessName}</td>
              <td>{r.period.label}{r.late && <span className="sr-late"> {t('selfReports.lateMark')}</span>}</td>
              <td>{formatDateTime(r.signedAt, i18n.language)}</td>
              <td><Link to={`/self-reports/${r.id}`}>{t('selfReports.open')}</Link></td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Late and missing reports (periods past their due day with nothing signed), per agency scope. */
export function SelfReportOverdueView() {
  const { t, i18n } = useTranslation();
  const q = useApiQuery('sr-overdue', (signal) => srOverdue(signal));
  return (
    <section className="card sr" data-testid="self-report-overdue">
      <h1>{t('selfReports.overdueTitle')}</h1>
      <p className="small muted">{t('selfReports.overdueHint')}</p>
      <ErrorBanner error={q.error} />
      {q.loading && !q.data && <Loading />}
      {q.data && q.data.items.length === 0 && <p className="muted">{t('selfReports.empty')}</p>}
      <table className="sr-table">
        <thead>
          <tr><th>{t('selfReports.business')}</th><th>{t('selfReports.agency')}</th><th>{t('selfReports.period')}</th><th>{t('selfReports.due')}</th><th /></tr>
        </thead>
        <tbody>
          {q.data?.items.map((r) => (
            <tr key={`${r.businessId}-${r.period.key}`}>
              <td><Link to={`/businesses/${r.businessId}`}>{r.businessName}</Link></td>
              <td>{r.agencyName}</td>
              <td>{r.period.label}</td>
              <td>{formatDate(r.dueAt, i18n.language)}</td>
              <td><span className={`sr-state sr-state-${r.state}`}>{t(`selfReports.state.${r.state}`)}</span></td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
