import { useTranslation } from 'react-i18next';
import type { FindingDetail } from '../../api/findings';
import { formatTime } from './deadline';

/** What the agency did with the business's dispute (its reply), and whether the finding was referred for a case. */
export function FindingOutcome({ finding: f }: { finding: FindingDetail }) {
  const { t, i18n } = useTranslation();
  const time = (iso: string) => formatTime(iso, i18n.language);
  if (!f.decision && !f.referral) return null;
  return (
    <>
      {f.decision && (
        <div className="card" data-testid="finding-reply" data-kind={f.decision.kind}>
          <h2>{t('dispute.replyTitle')}</h2>
          <p>
            <strong>{f.decision.kind === 'accept' ? t('dispute.replyAccept') : t('dispute.replyUphold')}</strong>
          </p>
          <p className="small muted">
            {time(f.decision.decidedAt)}
            {f.decision.decidedBy && ` · ${t('dispute.decidedBy')}: ${f.decision.decidedBy}`}
          </p>
          <p className="finding-reply-text">{f.decision.reply}</p>
        </div>
      )}
      {f.referral && (
        <div className="card" data-testid="finding-referral">
          <h2>{t('dispute.referredTitle')}</h2>
          <p>{t('dispute.referredText', { time: time(f.referral.referredAt) })}</p>
          {f.referral.referredBy && (
            <p className="small muted">
              {t('dispute.referredBy')}: {f.referral.referredBy}
            </p>
          )}
          {f.referral.reason && (
            <p>
              {t('dispute.referralReason')}: {f.referral.reason}
            </p>
          )}
        </div>
      )}
    </>
  );
}
