import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { srCreate, srPeriods } from '../../api/self-reports';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { formatDate } from '../../format/datetime';
import { useApiQuery } from '../../hooks/use-api-query';
import { useUser } from '../../hooks/use-session';
import { useSubmit } from '../../hooks/use-submit';
import './self-reports.css';

/** The business's periods (phone first): where each stands, and the way into its report. */
export function MySelfReportsView() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const businessId = user.businessId;
  const q = useApiQuery(businessId ? `sr-${businessId}` : null, (signal) => srPeriods(businessId!, signal));
  const submit = useSubmit();
  const start = async (periodStart: string) => {
    const r = await submit.run(() => srCreate(businessId!, periodStart));
    if (r.ok) navigate(`/self-reports/${r.value.id}`);
  };
  return (
    <section className="card sr" data-testid="my-self-reports">
      <h1>{t('selfReports.mineTitle')}</h1>
      <p className="small muted">{t('selfReports.mineHint')}</p>
      <ErrorBanner error={q.error ?? submit.error} />
      {q.loading && !q.data && <Loading />}
      <ul className="sr-periods">
        {q.data?.periods.map((p) => {
          const latest = p.latest;
          const canStart = q.data!.canSubmit && (p.state === 'open' || p.state === 'late') && (!latest || latest.status === 'returned');
          return (
            <li key={p.period.key} className="sr-period" data-testid={`period-${p.period.key}`}>
              <div>
                <strong>{p.period.label}</strong>
                <span className={`sr-state sr-state-${p.state}`}>{t(`selfReports.state.${p.state}`)}</span>
              </div>
              <div className="small muted">
                {t('selfReports.due')}: {formatDate(p.dueAt, i18n.language)}
                {latest && ` · ${t(`selfReports.status.${latest.status}`)} · ${t('selfReports.version', { n: latest.version })}`}
              </div>
              <div className="sr-actions">
                {latest && <Link to={`/self-reports/${latest.id}`}>{latest.status === 'draft' ? t('selfReports.continue') : t('selfReports.open')}</Link>}
                {canStart && (
                  <button type="button" disabled={submit.busy} onClick={() => void start(p.period.start)}>
                    {latest ? t('selfReports.correct') : t('selfReports.start')}
                  </button>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
