import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FindingDecisionKind, FindingDetail } from '../../api/findings';
import { formatCountdown, secondsUntil } from '../review/countdown';
import { formatTime, useNow } from '../portal/deadline';
import { FindingDecisionDialog } from './FindingDecisionDialog';

const LABEL: Record<FindingDecisionKind, string> = { accept: 'dispute.accept', uphold: 'dispute.uphold', refer: 'dispute.refer' };

/**
 * The officer's actions on a finding the business disputed (or left unanswered, or that was
 * upheld): only those the server says this officer may take now. Nothing shows for anyone else.
 */
export function FindingDecisionPanel({ finding: f, onChanged }: { finding: FindingDetail; onChanged(f: FindingDetail): void }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState<FindingDecisionKind | null>(null);
  const [done, setDone] = useState<FindingDecisionKind | null>(null);
  const now = useNow();
  const allowed = f.decisionsAllowed;
  if (!allowed.length) return done ? <p className="notice-ok" role="status">{t(`dispute.done.${done}`)}</p> : null;
  const disputed = f.status === 'disputed';
  const seconds = f.reviewBy ? secondsUntil(f.reviewBy, now, 0) : null;
  return (
    <div className="finding-decisions" data-testid="finding-decisions">
      <h3>{disputed ? t('dispute.actionsTitle') : t('dispute.refer')}</h3>
      <p className="small muted">{disputed ? t('dispute.actionsHint') : t('dispute.referHint')}</p>
      {disputed && f.reviewBy && seconds !== null && (
        <p className="small" data-testid="review-by">
          {t('dispute.reviewBy')}: {formatTime(f.reviewBy, i18n.language)}{' '}
          <span className={seconds < 0 ? 'portal-deadline portal-deadline-over' : 'portal-deadline'}>{formatCountdown(t, seconds)}</span>
        </p>
      )}
      <div className="actions actions-start">
        {allowed.map((k) => (
          <button key={k} type="button" className={k === 'refer' ? 'btn btn-danger' : k === 'accept' ? 'btn' : 'btn btn-primary'} onClick={() => setOpen(k)} data-decision={k}>
            {t(LABEL[k])}
          </button>
        ))}
      </div>
      {open && (
        <FindingDecisionDialog
          finding={f}
          kind={open}
          onClose={() => setOpen(null)}
          onDone={(next) => {
            setOpen(null);
            setDone(open);
            onChanged(next);
          }}
        />
      )}
    </div>
  );
}
