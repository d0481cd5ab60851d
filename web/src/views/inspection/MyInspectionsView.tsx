import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { myInspectionItems } from '../../api/inspection';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { useApiQuery } from '../../hooks/use-api-query';
import { ResultForm } from './ResultForm';
import { SelfReportLink } from './SelfReportLink';
import './inspection.css';

/** 我的检查任务: the items an officer is paired on, open ones first, each with its result form while the plan is open. */
export function MyInspectionsView() {
  const { t } = useTranslation();
  const q = useApiQuery('inspection-my-items', (signal) => myInspectionItems(signal));
  useEffect(() => {
    document.title = `${t('inspection.my.title')} · ${t('app.name')}`;
  }, [t]);
  const items = q.data?.items ?? [];
  return (
    <section className="inspection">
      <h1>{t('inspection.my.title')}</h1>
      <ErrorBanner error={q.error} />
      {q.loading && !q.data && <Loading />}
      {q.data && items.length === 0 && <EmptyState title={t('inspection.my.empty')} />}
      <ul className="inspection-items" data-testid="inspection-my-items">
        {items.map((i) => (
          <li key={i.id} className="card inspection-item">
            <div className="inspection-item-head">
              <strong>{i.businessName}</strong>
              <span className={`badge${i.result ? ' badge-ok' : ' badge-warn'}`}>{i.result ? t(`inspection.result.${i.result}`) : t('inspection.record.pending')}</span>
            </div>
            <p className="muted small">
              {i.businessAddress} · {t('inspection.my.plan')} <Link to={`/inspection/${i.planId}`}>{i.planTitle}</Link>
              <SelfReportLink item={i} />
            </p>
            {i.planStatus === 'drawn' && <ResultForm item={i} onSaved={q.reload} />}
          </li>
        ))}
      </ul>
    </section>
  );
}
