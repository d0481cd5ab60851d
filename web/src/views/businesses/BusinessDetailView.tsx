import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { archiveBusiness, getBusiness } from '../../api/registry';
import type { BusinessDetail } from '../../api/types';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { ReasonDialog } from '../../components/ReasonDialog';
import { StatusBadge } from '../../components/StatusBadge';
import { useApiQuery } from '../../hooks/use-api-query';
import { useRegistryChanged } from '../../hooks/use-live';
import { canEditRegistry, canEditServiceAddresses, useUser } from '../../hooks/use-session';
import { NotFoundView } from '../shell/NotFoundView';
import { formatDateTime } from './labels';
import { HistorySection } from './HistorySection';
import { ServiceAddressSection } from './ServiceAddressSection';
import { SitesSection } from './SitesSection';
import { ConfirmationSummary } from '../service-addresses/ConfirmationSummary';
import { CreditPanel } from '../credit/CreditPanel';

/** Whether a live event may concern this business: itself, or any site/device/address (ids of new ones are unknown). */
function concerns(b: BusinessDetail | undefined, e: { entity: string; id: string }): boolean {
  if (e.entity === 'business') return e.id === b?.id;
  return true;
}

export function BusinessDetailView({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const q = useApiQuery(`business:${id}`, (signal) => getBusiness(id, signal));
  const [archiving, setArchiving] = useState(false);
  useRegistryChanged(q.reload, (e) => concerns(q.data, e));

  if (q.error && (q.error.status === 404 || q.error.status === 403) && !q.data) {
    return q.error.status === 404 ? <NotFoundView /> : <ErrorBanner error={q.error} />;
  }
  if (q.error && !q.data) {
    return (
      <ErrorBanner error={q.error}>
        <button type="button" className="btn" onClick={q.reload}>
          {t('common.retry')}
        </button>
      </ErrorBanner>
    );
  }
  if (!q.data) return <Loading />;

  const b = q.data;
  const active = b.status === 'active';
  const editor = canEditRegistry(user) && active;
  const lang = i18n.language;

  return (
    <article className="detail">
      {user.role !== 'business' && (
        <p className="crumbs">
          <Link to="/businesses">← {t('business.listTitle')}</Link>
        </p>
      )}
      <div className="page-head">
        <h1>
          {b.name} <StatusBadge status={b.status} label={t(`status.${b.status}`)} />
        </h1>
        {editor && (
          <div className="actions">
            <Link className="btn" to={`/businesses/${b.id}/edit`}>
              {t('business.edit')}
            </Link>
            <button type="button" className="btn btn-danger-quiet" onClick={() => setArchiving(true)}>
              {t('business.archive')}
            </button>
          </div>
        )}
      </div>
      {q.error && <ErrorBanner error={q.error} />}
      {!active && (
        <div className="banner banner-muted">
          {t('business.archivedNotice')}
          {b.archiveReason && ` ${t('common.reason')}: ${b.archiveReason}`}
        </div>
      )}

      <section className="card">
        <h2>{t('business.details')}</h2>
        <dl className="facts">
          <div>
            <dt>{t('business.creditCode')}</dt>
            <dd className="mono">{b.creditCode}</dd>
          </div>
          <div>
            <dt>{t('business.category')}</dt>
            <dd>{t(`category.${b.category}`)}</dd>
          </div>
          <div>
            <dt>{t('business.district')}</dt>
            <dd>{b.agencyName}</dd>
          </div>
          <div>
            <dt>{t('business.address')}</dt>
            <dd>{b.address}</dd>
          </div>
          <div>
            <dt>{t('business.createdAt')}</dt>
            <dd>{formatDateTime(b.createdAt, lang)}</dd>
          </div>
          <div>
            <dt>{t('business.updatedAt')}</dt>
            <dd>{formatDateTime(b.updatedAt, lang)}</dd>
          </div>
        </dl>

        <h3>{t('business.contacts')}</h3>
        {b.contacts.length === 0 ? (
          <p className="muted">{t('business.noContacts')}</p>
        ) : (
          <table className="table stack">
            <thead>
              <tr>
                <th scope="col">{t('business.contactName')}</th>
                <th scope="col">{t('business.contactRole')}</th>
                <th scope="col">{t('business.contactPhone')}</th>
                <th scope="col">{t('business.contactEmail')}</th>
              </tr>
            </thead>
            <tbody>
              {b.contacts.map((c, i) => (
                <tr key={i}>
                  <td data-label={t('business.contactName')}>{c.name}</td>
                  <td data-label={t('business.contactRole')}>{c.role || '—'}</td>
                  <td data-label={t('business.contactPhone')}>{c.phone ? <a href={`tel:${c.phone}`}>{c.phone}</a> : '—'}</td>
                  <td data-label={t('business.contactEmail')}>{c.email ? <a href={`mailto:${c.email}`}>{c.email}</a> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <SitesSection business={b} editable={editor} onChanged={q.reload} />
      <ConfirmationSummary businessId={b.id} />
      <ServiceAddressSection business={b} editable={active && canEditServiceAddresses(user)} onChanged={q.reload} />
      <div id="credit">
        <CreditPanel businessId={b.id} />
      </div>
      <HistorySection businessId={b.id} />

      {archiving && (
        <ReasonDialog
          title={t('business.archiveTitle')}
          hint={t('business.archiveHint')}
          confirmLabel={t('business.archive')}
          onConfirm={async (reason) => {
            await archiveBusiness(b.id, reason);
            q.reload();
          }}
          onClose={() => setArchiving(false)}
        />
      )}
    </article>
  );
}
