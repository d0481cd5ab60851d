import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { myFollowUps } from '../../api/sampling';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { formatDateTime } from '../../format/datetime';
import { useApiQuery } from '../../hooks/use-api-query';
import { CloseFollowUp } from './SamplingFindings';
import './sampling.css';

/** 我的整改事项: the follow-ups of sampling audits the user owns, to close with what was done. */
export function FollowUpsView() {
  const { t, i18n } = useTranslation();
  const q = useApiQuery('sampling-follow-ups', (signal) => myFollowUps(signal));
  useEffect(() => {
    document.title = `${t('sampling.followUps.title')} · ${t('app.name')}`;
  }, [t]);
  const items = q.data?.items ?? [];
  return (
    <section className="sampling">
      <div className="page-head">
        <h1>{t('sampling.followUps.title')}</h1>
      </div>
      <ErrorBanner error={q.error} />
      {q.loading && !q.data && <Loading />}
      {q.data && items.length === 0 && <EmptyState title={t('sampling.followUps.empty')} hint="" />}
      <ul className="portal-list" data-testid="follow-ups">
        {items.map((f) => (
          <li key={f.id} className="card" data-finding-id={f.id}>
            <p>
              <span className={`badge${f.status === 'closed' ? ' badge-ok' : ' badge-warn'}`}>{t(`sampling.finding.status.${f.status}`)}</span> {f.description}
            </p>
            <p className="small muted">
              {t('sampling.followUps.plan')} {f.planTitle} · {t('sampling.finding.due', { day: f.dueOn })}
            </p>
            {f.status === 'closed' ? <p className="small">{t('sampling.finding.closedAt', { at: formatDateTime(f.closedAt, i18n.language) })}: {f.closingNote}</p> : <CloseFollowUp finding={f} onClosed={q.reload} />}
          </li>
        ))}
      </ul>
    </section>
  );
}
