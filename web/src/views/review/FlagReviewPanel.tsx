import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import type { Flag } from '../../api/analysis';
import { ApiError } from '../../api/client';
import { assignFlag, confirmFlag, dismissFlag, escalateFlag, FINAL_STATUSES, getAssignees, getReview, openFlag } from '../../api/review';
import { ErrorBanner } from '../../components/ErrorBanner';
import { FlvPlayer } from '../../components/FlvPlayer';
import { useApiQuery } from '../../hooks/use-api-query';
import { useFlagChanged } from '../../hooks/use-live';
import { can, useUser } from '../../hooks/use-session';
import { formatDateTime } from '../businesses/labels';
import { flagTypeLabel } from '../analysis/rule-labels';
import { formatCountdown } from './countdown';
import { DecisionDialog, type DecisionKind } from './DecisionDialog';
import { KeyHelp } from './KeyHelp';
import { useNow } from './use-review-queue';
import { useTriageKeys } from './use-triage-keys';
import './review.css';
import { zoneDay } from '../../format/datetime';

/** The calendar day of an instant in the authority's zone, for the recordings page's day picker. */
const localDay = (iso: string) => zoneDay(new Date(iso));

/**
 * The review side of a flag: the decision bar (confirm, dismiss with a reason, escalate, assign;
 * c / d / e by keyboard), the deadline, who opened, viewed and decided it and when, a jump into
 * the recordings around the event, the camera's live view, and the business's earlier flags.
 * Arriving from the queue with Enter claims the flag (open).
 */
export function FlagReviewPanel({ flag: f }: { flag: Flag }) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const location = useLocation();
  const reviewer = can(user, 'flag.review');
  const q = useApiQuery(`review:${f.id}`, (signal) => getReview(f.id, signal));
  useFlagChanged((e) => e.id === f.id && q.reload());
  const [dialog, setDialog] = useState<DecisionKind | null>(null);
  const [help, setHelp] = useState(false);
  const [live, setLive] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const now = useNow(1000);
  const claimed = useRef(false);
  const r = q.data?.review;
  const open = !!r && !FINAL_STATUSES.includes(r.reviewStatus);

  useEffect(() => {
    const state = location.state as { claim?: boolean } | null;
    if (!reviewer || !state?.claim || claimed.current) return;
    claimed.current = true;
    openFlag(f.id).then(
      () => q.reload(),
      (e: unknown) => setError(e instanceof ApiError ? e : undefined),
    );
  }, [f.id, location.state, reviewer, q]);

  useTriageKeys(reviewer && !dialog && !help, (key) => {
    if (key === 'help') setHelp(true);
    else if (open && (key === 'confirm' || key === 'dismiss' || key === 'escalate')) setDialog(key);
    else if (key === 'prev' || key === 'next') void navigate('/flags');
  });

  async function decide(kind: DecisionKind, input: { note: string; reasonCode?: Parameters<typeof dismissFlag>[2] }) {
    if (!r) return;
    if (kind === 'confirm') await confirmFlag(f.id, r.reviewVersion, input.note);
    else if (kind === 'dismiss') await dismissFlag(f.id, r.reviewVersion, input.reasonCode!, input.note);
    else await escalateFlag(f.id, input.note, r.reviewVersion);
    q.reload();
  }

  const seconds = r ? Math.trunc((Date.parse(r.deadlineAt) - now) / 1000) : 0;
  const around = new Date(f.startedAt);
  return (
    <>
      <ErrorBanner error={q.error ?? error} />
      {r && (
        <section className="card decision-bar" data-testid="decision-bar" data-status={r.reviewStatus}>
          <div className="decision-state">
            <span className={`review-badge review-${r.reviewStatus}`} data-testid="review-status">
              {t(`review.status.${r.reviewStatus}`)}
            </span>
            {open ? <span className={seconds < 0 ? 'countdown countdown-overdue' : 'countdown'}>{formatCountdown(t, seconds)}</span> : <span className="muted">{formatDateTime(r.decidedAt, i18n.language)}</span>}
            <span className="muted small">{t('review.due', { at: formatDateTime(r.deadlineAt, i18n.language) })}</span>
            {q.data?.assigneeName && <span className="small">{t('review.assignee')} {q.data.assigneeName}</span>}
            {r.dismissReason && <span className="small">{t(`review.reasons.${r.dismissReason}`)}</span>}
            {q.data?.twoPerson && <span className="badge badge-warn">{t('review.twoPerson')}</span>}
          </div>
          {reviewer && open && (
            <div className="actions actions-start">
              <button type="button" className="btn btn-primary" aria-keyshortcuts="c" onClick={() => setDialog('confirm')}>
                {t('review.decide.confirm')} <kbd>c</kbd>
              </button>
              <button type="button" className="btn btn-danger" aria-keyshortcuts="d" onClick={() => setDialog('dismiss')}>
                {t('review.decide.dismiss')} <kbd>d</kbd>
              </button>
              <button type="button" className="btn" aria-keyshortcuts="e" onClick={() => setDialog('escalate')} disabled={r.reviewStatus === 'escalated'}>
                {t('review.decide.escalate')} <kbd>e</kbd>
              </button>
              <AssignPicker flagId={f.id} onDone={q.reload} onError={setError} />
            </div>
          )}
        </section>
      )}
      <div className="analysis-top">
        <section className="card">
          <h2>{t('review.recordings')}</h2>
          <p>
            <Link className="btn" to={`/devices/${f.deviceId}/media?date=${localDay(f.startedAt)}&at=${encodeURIComponent(around.toISOString())}`} data-testid="timeline-link">
              {t('review.timeline', { at: formatDateTime(f.startedAt, i18n.language) })}
            </Link>{' '}
            <button type="button" className="btn" onClick={() => setLive((v) => !v)} aria-pressed={live}>
              {live ? t('review.liveStop') : t('review.live')}
            </button>
          </p>
          {live && <FlvPlayer url={`/api/devices/${f.deviceId}/live.flv`} live />}
        </section>
        <section className="card" data-testid="review-history">
          <h2>{t('review.history')}</h2>
          {q.data && q.data.history.length === 0 && <p className="muted">{t('review.noHistory')}</p>}
          <ol className="review-history">
            {q.data?.history.map((h) => (
              <li key={h.id}>
                <time dateTime={h.at}>{formatDateTime(h.at, i18n.language)}</time> <b>{h.actorName ?? t('review.system')}</b> {t(`review.actions.${h.action}`, { defaultValue: h.action })}
                {h.assigneeName && ` → ${h.assigneeName}`}
                {h.reasonCode && ` · ${t(`review.reasons.${h.reasonCode}`)}`}
                {h.note && <span className="muted"> · {h.note}</span>}
              </li>
            ))}
          </ol>
        </section>
      </div>
      <section className="card">
        <h2>{t('review.earlier', { name: f.businessName })}</h2>
        {q.data && q.data.earlier.length === 0 ? (
          <p className="muted">{t('review.noEarlier')}</p>
        ) : (
          <ul className="review-earlier">
            {q.data?.earlier.map((e) => (
              <li key={e.id}>
                <Link to={`/flags/${e.id}`}>{flagTypeLabel(t, e.type)}</Link> <span className={`review-badge review-${e.reviewStatus}`}>{t(`review.status.${e.reviewStatus}`)}</span>{' '}
                <span className="muted small">
                  {formatDateTime(e.startedAt, i18n.language)} · {e.deviceName}
                  {e.dismissReason && ` · ${t(`review.reasons.${e.dismissReason}`)}`}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      {dialog && r && <DecisionDialog kind={dialog} twoPerson={q.data?.twoPerson} subject={`${flagTypeLabel(t, f.type)} · ${f.businessName} · ${f.deviceName}`} onSubmit={(input) => decide(dialog, input)} onClose={() => setDialog(null)} />}
      {help && <KeyHelp onClose={() => setHelp(false)} />}
    </>
  );
}

function AssignPicker({ flagId, onDone, onError }: { flagId: string; onDone(): void; onError(e: ApiError | undefined): void }) {
  const { t } = useTranslation();
  const people = useApiQuery('review:assignees', (signal) => getAssignees(signal));
  return (
    <label className="filter">
      <span className="sr-only">{t('review.assign')}</span>
      <select
        name="assignee"
        aria-label={t('review.assign')}
        value=""
        onKeyDown={(e) => e.stopPropagation()}
        onChange={(e) => {
          const id = e.target.value;
          if (id) assignFlag(flagId, id).then(() => (onError(undefined), onDone()), (err: unknown) => onError(err instanceof ApiError ? err : undefined));
        }}
      >
        <option value="">{t('review.assign')}…</option>
        {people.data?.items.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name} · {p.agencyName}
          </option>
        ))}
      </select>
    </label>
  );
}
