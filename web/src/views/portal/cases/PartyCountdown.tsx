import { useTranslation } from 'react-i18next';
import { timeLeft, useNow } from '../deadline';

/** Time left in one of the party's periods ("剩 2 天 3 小时"), or that it has ended. */
export function PartyCountdown({ dueAt, testId }: { dueAt: string; testId?: string }) {
  const { t } = useTranslation();
  const now = useNow();
  const left = timeLeft(dueAt, now);
  if (!left) return <span className="portal-deadline portal-deadline-over" data-testid={testId}>{t('portalCases.countdown.over')}</span>;
  return (
    <span className={`portal-deadline${left.days === 0 ? ' portal-deadline-urgent' : ''}`} data-testid={testId}>
      {left.days > 0 ? t('portalCases.countdown.days', { days: left.days, hours: left.hours }) : t('portalCases.countdown.hours', { hours: left.hours, minutes: left.minutes })}
    </span>
  );
}
