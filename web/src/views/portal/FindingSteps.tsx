import { useTranslation } from 'react-i18next';
import type { FindingDetail } from '../../api/findings';
import { formatTime } from './deadline';

/** The finding's steps, for both sides: told, answered, expired, the officer's decision and its reply, referral. */
export function FindingSteps({ steps }: { steps: FindingDetail['steps'] }) {
  const { t, i18n } = useTranslation();
  return (
    <ol className="portal-trail" data-testid="finding-steps">
      {steps.map((s, i) => (
        <li key={`${s.kind}-${i}`} data-kind={s.kind}>
          <strong>{t(`dispute.step.${s.kind}`, { defaultValue: s.kind })}</strong>{' '}
          <span className="muted small">
            {formatTime(s.at, i18n.language)} · {s.name ?? t(`dispute.by.${s.by}`)}
          </span>
          {s.note && <span className="small finding-step-note">{s.note}</span>}
        </li>
      ))}
    </ol>
  );
}
