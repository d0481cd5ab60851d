import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { getBusiness } from '../../api/registry';
import { getConfirmations, type ServiceConfirmation } from '../../api/service-addresses';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { useApiQuery } from '../../hooks/use-api-query';
import { useRegistryChanged } from '../../hooks/use-live';
import { canEditServiceAddresses, useUser } from '../../hooks/use-session';
import { ServiceAddressSection } from '../businesses/ServiceAddressSection';
import { NotFoundView } from '../shell/NotFoundView';
import { ConfirmationCard } from './ConfirmationCard';
import { ConfirmationSignFlow } from './ConfirmationSignFlow';
import { NoConfirmation } from './NoConfirmation';
import './service-addresses.css';

/**
 * 送达地址 (issue 14 item 1), phone first: the confirmation in force (or why there is no electronic
 * service), the business's addresses with their proof by code, signing a new confirmation, and
 * every earlier version. The business acts here; the officer reads the same page.
 */
export function ServiceAddressesView({ businessId }: { businessId: string }) {
  const { t } = useTranslation();
  const user = useUser();
  const business = useApiQuery(`business:${businessId}`, (signal) => getBusiness(businessId, signal));
  const overview = useApiQuery(`confirmations:${businessId}`, (signal) => getConfirmations(businessId, signal));
  const [signing, setSigning] = useState(false);
  const [signed, setSigned] = useState<ServiceConfirmation | null>(null);
  const reload = () => {
    business.reload();
    overview.reload();
  };
  useRegistryChanged(reload, () => true);

  const error = business.error ?? overview.error;
  if (error && (!business.data || !overview.data)) return error.status === 404 ? <NotFoundView /> : <ErrorBanner error={error} />;
  if (!business.data || !overview.data) return <Loading />;
  const b = business.data;
  const o = overview.data;
  const earlier = o.history.filter((h) => !h.current);
  // Proven since the confirmation in force was signed: not served at until a new confirmation names them.
  const inForce = new Set(o.current?.addresses.map((a) => a.serviceAddressId) ?? []);
  const unconfirmed = o.current ? b.serviceAddresses.filter((a) => a.status === 'verified' && !inForce.has(a.id)) : [];

  return (
    <article className="detail service-addresses">
      <p className="crumbs">
        <Link to={`/businesses/${b.id}`}>← {t('serviceAddress.back')}</Link>
      </p>
      <div className="page-head">
        <h1>{t('serviceAddress.title')}</h1>
      </div>
      <p className="muted small">{b.name}</p>
      <p className="small">{t('serviceAddress.intro')}</p>
      {signed && (
        <div className="banner banner-ok" role="status" data-testid="confirmation-signed">
          {t('serviceAddress.signedBanner', { version: signed.version, number: signed.number ?? '—' })}
        </div>
      )}

      {signing ? (
        <ConfirmationSignFlow
          business={b}
          overview={o}
          onCancel={() => setSigning(false)}
          onSigned={(c) => {
            setSigning(false);
            setSigned(c);
            reload();
            window.scrollTo(0, 0);
          }}
        />
      ) : (
        <section className="card" aria-labelledby="current-confirmation">
          <h2 id="current-confirmation">{t('serviceAddress.current')}</h2>
          {o.current ? <ConfirmationCard c={o.current} /> : <NoConfirmation staff={user.role !== 'business'} />}
          {unconfirmed.length > 0 && (
            <p className="banner banner-muted small" data-testid="unconfirmed-addresses">
              {t('serviceAddress.unconfirmedHint', { addresses: unconfirmed.map((a) => a.address).join(', ') })}
            </p>
          )}
          {o.canSign && (
            <div className="actions actions-start">
              <button type="button" className="btn btn-primary" onClick={() => { setSigned(null); setSigning(true); }}>
                {o.current ? t('serviceAddress.signNew') : t('serviceAddress.signFirst')}
              </button>
            </div>
          )}
        </section>
      )}

      <ServiceAddressSection business={b} editable={b.status === 'active' && canEditServiceAddresses(user)} onChanged={reload} confirmedIds={o.current?.addresses.map((a) => a.serviceAddressId) ?? []} />
      {o.current && <p className="muted small">{t('serviceAddress.withdrawNote')}</p>}

      {earlier.length > 0 && (
        <section className="card" aria-labelledby="confirmation-history">
          <h2 id="confirmation-history">{t('serviceAddress.history')}</h2>
          {earlier.map((c) => (
            <ConfirmationCard key={c.id} c={c} />
          ))}
        </section>
      )}
    </article>
  );
}
