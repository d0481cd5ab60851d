import { useTranslation } from 'react-i18next';
import type { FindingDetail } from '../../api/findings';
import { formatTime } from './deadline';

/**
 * How the business was told, channel by channel: sent, delivered (where the channel says: the
 * portal at once, an e-mail once the recipient's server took it with a queue id), opened,
 * answered; a refusal or failure with its reason. Each notice is a delivery of the delivery
 * module, its evidence hash-chained: a broken chain is said so.
 */
export function DeliveryTrail({ deliveries }: { deliveries: FindingDetail['deliveries'] }) {
  const { t, i18n } = useTranslation();
  const time = (iso: string | null) => (iso ? formatTime(iso, i18n.language) : '—');
  const sent = (d: FindingDetail['deliveries'][number]) => (d.status === 'rejected' ? t('findingNotices.rejected') : d.status === 'failed' ? t('portal.failed') : time(d.sentAt));
  return (
    <ul className="portal-trail" data-testid="delivery-trail">
      {deliveries.map((d) => (
        <li key={d.id} data-status={d.status}>
          <span>
            <strong>{t(`portal.channel.${d.channel}`)}</strong> <span className="muted small">· {t(`dispute.purpose.${d.purpose}`)}</span> {d.address && <span className="muted small">{d.address}</span>}
          </span>
          <span className="small">
            {t('portal.sent')}: {sent(d)} · {t('portal.delivered')}: {d.deliveredAt ? time(d.deliveredAt) : t('portal.notReported')} · {t('portal.opened')}: {time(d.openedAt)} · {t('portal.answered')}: {time(d.answeredAt)}
          </span>
          {d.queueId && <span className="muted small">{t('findingNotices.queueId', { id: d.queueId })}</span>}
          {d.error && (d.status === 'rejected' || d.status === 'failed') && <span className="muted small">{t('findingNotices.reason', { reason: d.error })}</span>}
          {!d.chainOk && <span className="small field-error" role="alert">{t('findingNotices.chainBroken')}</span>}
        </li>
      ))}
    </ul>
  );
}
