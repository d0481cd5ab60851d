import { useTranslation } from 'react-i18next';
import type { FindingDetail } from '../../api/findings';
import { formatTime } from './deadline';

/** How the business was told, channel by channel: sent, delivered (where the channel says), opened, answered. */
export function DeliveryTrail({ deliveries }: { deliveries: FindingDetail['deliveries'] }) {
  const { t, i18n } = useTranslation();
  const time = (iso: string | null) => (iso ? formatTime(iso, i18n.language) : '—');
  return (
    <ul className="portal-trail" data-testid="delivery-trail">
      {deliveries.map((d) => (
        <li key={d.id}>
          <span>
            <strong>{t(`portal.channel.${d.channel}`)}</strong> <span className="muted small">· {t(`dispute.purpose.${d.purpose}`)}</span> {d.address && <span className="muted small">{d.address}</span>}
          </span>
          <span className="small">
            {t('portal.sent')}: {d.status === 'failed' ? t('portal.failed') : time(d.sentAt)} · {t('portal.delivered')}: {d.deliveredAt ? time(d.deliveredAt) : t('portal.notReported')} · {t('portal.opened')}: {time(d.openedAt)} · {t('portal.answered')}: {time(d.answeredAt)}
          </span>
        </li>
      ))}
    </ul>
  );
}
