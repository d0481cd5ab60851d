import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { consentCoverage } from '../../api/consents';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { StatusBadge } from '../../components/StatusBadge';
import { useApiQuery } from '../../hooks/use-api-query';
import { canEditRegistry, useUser } from '../../hooks/use-session';
import { useConsentChanged } from './use-consent-changed';
import { OfflineAlerts } from '../media/OfflineAlerts';

/** Every site with devices in scope, missing/expired/pending consents first. */
export function CoverageView() {
  const { t } = useTranslation();
  const user = useUser();
  const q = useApiQuery('coverage', (signal) => consentCoverage(signal));
  useConsentChanged(q.reload);
  return (
    <section>
      <h1>{t('coverage.title')}</h1>
      <p className="muted">{t('coverage.hint')}</p>
      <OfflineAlerts />
      <ErrorBanner error={q.error} />
      {!q.data ? (
        q.loading && <Loading />
      ) : q.data.items.length === 0 ? (
        <EmptyState title={t('coverage.empty')} />
      ) : (
        <table className="table stack" data-testid="coverage-list">
          <thead>
            <tr>
              <th scope="col">{t('consent.business')}</th>
              <th scope="col">{t('consent.site')}</th>
              <th scope="col">{t('consent.devices')}</th>
              <th scope="col">{t('consent.status')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {q.data.items.map((s) => (
              <tr key={s.siteId}>
                <td data-label={t('consent.business')} className="cell-title">
                  <Link to={`/businesses/${s.businessId}`}>{s.businessName}</Link>
                  <span className="muted small"> {s.agencyName}</span>
                </td>
                <td data-label={t('consent.site')}>{s.siteName}</td>
                <td data-label={t('consent.devices')}>
                  {t('coverage.devicesCovered', { covered: s.coveredCount, total: s.deviceCount })}
                  {s.uncoveredDevices.length > 0 && (
                    <ul className="small">
                      {s.uncoveredDevices.map((d) => (
                        <li key={d.id}>
                          {d.name}
                          {t('sweep.colon')}
                          {t(`refusal.${d.reason}`)}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td data-label={t('consent.status')}>
                  <StatusBadge status={s.state} label={t(`coverage.states.${s.state}`)} />
                  {s.consent && (
                    <>
                      {' '}
                      <Link to={`/consents/${s.consent.id}`}>{s.consent.ref}</Link> <span className="muted small">→ {s.consent.validUntil}</span>
                    </>
                  )}
                </td>
                <td data-label={t('common.actions')}>
                  {canEditRegistry(user) && ['missing', 'expired', 'revoked'].includes(s.state) && (
                    <Link className="btn" to={`/consents/new?businessId=${s.businessId}&siteId=${s.siteId}`}>
                      {t('coverage.propose')}
                    </Link>
                  )}
                  {canEditRegistry(user) && s.state === 'uncovered_devices' && s.consent && (
                    <Link className="btn" to={`/consents/new?amends=${s.consent.id}`}>
                      {t('consent.amend')}
                    </Link>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
