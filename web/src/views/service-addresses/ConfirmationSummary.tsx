import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { getConfirmations } from '../../api/service-addresses';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { useApiQuery } from '../../hooks/use-api-query';
import { useRegistryChanged } from '../../hooks/use-live';
import { useUser } from '../../hooks/use-session';
import { ConfirmationCard } from './ConfirmationCard';
import { NoConfirmation } from './NoConfirmation';
import './service-addresses.css';

/** On the business page: the 送达地址确认书 in force (or that there is none), and the way to the addresses page. */
export function ConfirmationSummary({ businessId }: { businessId: string }) {
  const { t } = useTranslation();
  const user = useUser();
  const q = useApiQuery(`confirmations:${businessId}`, (signal) => getConfirmations(businessId, signal));
  useRegistryChanged(q.reload, (e) => e.entity === 'business' && e.id === businessId);
  return (
    <section className="card" aria-labelledby="confirmation-summary" data-testid="confirmation-summary">
      <div className="section-head">
        <h2 id="confirmation-summary">{t('serviceAddress.current')}</h2>
        <Link className="btn" to={`/businesses/${businessId}/service-addresses`}>
          {t('serviceAddress.viewAll')}
        </Link>
      </div>
      {q.error && !q.data && <ErrorBanner error={q.error} />}
      {!q.data && !q.error && <Loading />}
      {q.data && (q.data.current ? <ConfirmationCard c={q.data.current} /> : <NoConfirmation staff={user.role !== 'business'} />)}
    </section>
  );
}
