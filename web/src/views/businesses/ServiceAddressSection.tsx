import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { withdrawServiceAddress } from '../../api/registry';
import type { BusinessDetail, ServiceAddress } from '../../api/types';
import { EmptyState } from '../../components/EmptyState';
import { ReasonDialog } from '../../components/ReasonDialog';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDate } from './labels';
import { AddressProof } from './AddressProof';
import { ServiceAddressForm } from './ServiceAddressForm';

type Props = {
  business: BusinessDetail;
  editable: boolean;
  onChanged(): void;
  /** Addresses of the 送达地址确认书 in force: withdrawn only after a new confirmation without them (no button here). */
  confirmedIds?: readonly string[];
};

/**
 * Addresses the business agreed to receive documents at (电子送达地址). An e-mail or SMS address
 * is in force only once proven with the code sent to it: the row shows its state, and whoever may
 * edit sends the code and types it in.
 */
export function ServiceAddressSection({ business, editable, onChanged, confirmedIds = [] }: Props) {
  const { t, i18n } = useTranslation();
  const [adding, setAdding] = useState(false);
  const [withdrawing, setWithdrawing] = useState<ServiceAddress | null>(null);
  const items = business.serviceAddresses;

  return (
    <section className="card" aria-labelledby="addresses-title">
      <div className="section-head">
        <h2 id="addresses-title">{t('address.title')}</h2>
        {editable && !adding && (
          <button type="button" className="btn" onClick={() => setAdding(true)}>
            + {t('address.add')}
          </button>
        )}
      </div>
      {editable && <p className="muted small">{t('address.proofHint')}</p>}
      {adding && (
        <ServiceAddressForm
          businessId={business.id}
          onCancel={() => setAdding(false)}
          onDone={() => {
            setAdding(false);
            onChanged();
          }}
        />
      )}
      {items.length === 0 && !adding ? (
        <EmptyState title={t('address.empty')} />
      ) : (
        items.length > 0 && (
          <table className="table stack">
            <thead>
              <tr>
                <th scope="col">{t('address.method')}</th>
                <th scope="col">{t('address.address')}</th>
                <th scope="col">{t('address.agreedAt')}</th>
                <th scope="col">{t('address.status')}</th>
                {editable && <th scope="col">{t('common.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <tr key={a.id}>
                  <td data-label={t('address.method')}>{t(`method.${a.method}`)}</td>
                  <td data-label={t('address.address')} className="cell-title">
                    {a.address}
                  </td>
                  <td data-label={t('address.agreedAt')}>{formatDate(a.agreedAt, i18n.language)}</td>
                  <td data-label={t('address.status')}>
                    <StatusBadge status={a.status} label={t(`status.${a.status}`)} />
                    {a.withdrawReason && <span className="muted small"> {a.withdrawReason}</span>}
                    {a.verifiedAt && <span className="muted small"> {formatDate(a.verifiedAt, i18n.language)}</span>}
                    {editable && a.status === 'pending_verification' && <AddressProof address={a} onVerified={onChanged} />}
                  </td>
                  {editable && (
                    <td data-label={t('common.actions')}>
                      {confirmedIds.includes(a.id) ? (
                        <span className="muted small">{t('serviceAddress.inConfirmation')}</span>
                      ) : a.status !== 'withdrawn' && (
                        <button type="button" className="btn btn-small btn-danger-quiet" onClick={() => setWithdrawing(a)}>
                          {t('address.withdraw')}
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )
      )}
      {withdrawing && (
        <ReasonDialog
          title={`${t('address.withdrawTitle')}:${withdrawing.address}`}
          confirmLabel={t('address.withdraw')}
          onConfirm={async (reason) => {
            await withdrawServiceAddress(withdrawing.id, reason);
            onChanged();
          }}
          onClose={() => setWithdrawing(null)}
        />
      )}
    </section>
  );
}
