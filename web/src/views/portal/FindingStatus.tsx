import { useTranslation } from 'react-i18next';
import type { FindingStatus as Status } from '../../api/findings';
import { timeLeft, useNow } from './deadline';

const TONE: Record<Status, string> = { notified: 'warn', confirmed: 'ok', disputed: 'bad', expired: 'off', withdrawn: 'off', upheld: 'ok', referred: 'bad' };

export function FindingStatusBadge({ status }: { status: Status }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge-${TONE[status]}`} data-testid="finding-status">
      {t(`dispute.status.${status}`)}
    </span>
  );
}

/** "2 天 3 小时后截止" while open; "已过期" after. */
export function Countdown({ respondBy, status }: { respondBy: string; status: Status }) {
  const { t } = useTranslation();
  const now = useNow();
  if (status !== 'notified') return null;
  const left = timeLeft(respondBy, now);
  if (!left) return <span className="portal-deadline portal-deadline-over">{t('portal.deadlinePassed')}</span>;
  const urgent = left.days === 0;
  return (
    <span className={`portal-deadline${urgent ? ' portal-deadline-urgent' : ''}`}>
      {left.days > 0 ? t('portal.leftDays', { days: left.days, hours: left.hours }) : t('portal.leftHours', { hours: left.hours, minutes: left.minutes })}
    </span>
  );
}
