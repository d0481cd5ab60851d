import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useSearchParams } from 'react-router';
import { decideHold, holdQueue, myHolds, releaseHold, reviewHold, type Hold } from '../../api/holds';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner, Notice } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { shiftDay, zoneDay } from '../../format/datetime';
import { useApiQuery } from '../../hooks/use-api-query';
import { can, useUser } from '../../hooks/use-session';
import { useSubmit } from '../../hooks/use-submit';
import { HoldCard } from './HoldCard';
import './holds.css';

/**
 * 保全 (R11): 我的保全申请 (each with its status) and, for a unit head, 保全审批 — pending holds on his
 * unit's records (approve or refuse with an opinion, 002-音像 §29 经本单位负责人批准), holds in force
 * with 复核到期 first (set the next review date, at most a year ahead; release with a reason).
 */
export function HoldsView() {
  const { t } = useTranslation();
  const user = useUser();
  const head = can(user, 'hold.approve');
  const [params, setParams] = useSearchParams();
  const tab = head && params.get('tab') !== 'mine' ? 'queue' : 'mine';
  const submitted = (useLocation().state as { submitted?: string } | null)?.submitted;
  useEffect(() => {
    document.title = `${t('holds.title')} · ${t('app.name')}`;
  }, [t]);

  return (
    <section className="holds">
      <div className="page-head">
        <h1>{t('holds.title')}</h1>
      </div>
      <p className="muted small">{t('holds.intro')}</p>
      {head && (
        <div className="status-chips" role="tablist" aria-label={t('holds.title')}>
          {(['queue', 'mine'] as const).map((k) => (
            <button key={k} type="button" role="tab" aria-selected={tab === k} className={tab === k ? 'chip chip-on' : 'chip'} onClick={() => setParams(k === 'queue' ? {} : { tab: k })} data-tab={k}>
              {t(`holds.tabs.${k}`)}
            </button>
          ))}
        </div>
      )}
      {submitted && <Notice>{t('holds.submitted')}</Notice>}
      {tab === 'mine' ? <MyHolds /> : <HoldQueue />}
    </section>
  );
}

function MyHolds() {
  const { t } = useTranslation();
  const q = useApiQuery('holds-mine', (signal) => myHolds(signal));
  const items = q.data?.items ?? [];
  return (
    <>
      <ErrorBanner error={q.error} />
      {q.loading && !q.data && <Loading />}
      {q.data && items.length === 0 && <EmptyState title={t('holds.emptyMine')} hint={t('holds.emptyMineHint')} />}
      <ul className="hold-list" data-testid="my-holds">
        {items.map((h) => (
          <HoldCard key={h.id} h={h} />
        ))}
      </ul>
    </>
  );
}

function HoldQueue() {
  const { t } = useTranslation();
  const [ended, setEnded] = useState(false);
  const q = useApiQuery(`holds-queue:${ended}`, (signal) => holdQueue(ended, signal));
  const items = q.data?.items ?? [];
  const pending = items.filter((h) => h.status === 'pending');
  // The server sorts 复核到期 first; the list keeps that order.
  const inForce = items.filter((h) => h.status === 'review_due' || h.status === 'in_force');
  const done = items.filter((h) => h.status === 'refused' || h.status === 'released');
  return (
    <>
      <ErrorBanner error={q.error} />
      {q.loading && !q.data && <Loading />}
      {q.data && items.length === 0 && <EmptyState title={t('holds.emptyQueue')} />}
      {pending.length > 0 && <h2>{t('holds.pendingTitle')}</h2>}
      <ul className="hold-list" data-testid="hold-queue">
        {pending.map((h) => (
          <HoldCard key={h.id} h={h}>
            <Decide h={h} onDone={q.reload} />
          </HoldCard>
        ))}
      </ul>
      {inForce.length > 0 && <h2>{t('holds.inForceTitle')}</h2>}
      <ul className="hold-list" data-testid="holds-in-force">
        {inForce.map((h) => (
          <HoldCard key={h.id} h={h}>
            <Review h={h} onDone={q.reload} />
            <Release h={h} onDone={q.reload} />
          </HoldCard>
        ))}
      </ul>
      <label className="small">
        <input type="checkbox" checked={ended} onChange={(e) => setEnded(e.target.checked)} data-testid="show-ended" /> {t('holds.showEnded')}
      </label>
      {done.length > 0 && <h2>{t('holds.endedTitle')}</h2>}
      <ul className="hold-list" data-testid="holds-ended">
        {done.map((h) => (
          <HoldCard key={h.id} h={h} />
        ))}
      </ul>
    </>
  );
}

function Decide({ h, onDone }: { h: Hold; onDone: () => void }) {
  const { t } = useTranslation();
  const [opinion, setOpinion] = useState('');
  const submit = useSubmit();
  const decide = async (decision: 'approve' | 'refuse') => {
    if ((await submit.run(() => decideHold(h.id, decision, opinion))).ok) onDone();
  };
  return (
    <div className="hold-act">
      <ErrorBanner error={submit.error?.issues.length ? undefined : submit.error}>{submit.error?.refusal && <p className="small">{submit.error.refusal.rule}</p>}</ErrorBanner>
      <label htmlFor={`hop-${h.id}`}>{t('holds.opinion')}</label>
      <textarea id={`hop-${h.id}`} name="opinion" rows={2} maxLength={1000} value={opinion} onChange={(e) => setOpinion(e.target.value)} />
      {submit.fieldError('opinion') && <p className="field-error">{submit.fieldError('opinion')}</p>}
      <div className="actions">
        <button type="button" className="btn btn-primary btn-small" disabled={submit.busy} onClick={() => void decide('approve')} data-testid="approve-hold">
          {t('holds.approve')}
        </button>
        <button type="button" className="btn btn-danger btn-small" disabled={submit.busy} onClick={() => void decide('refuse')} data-testid="refuse-hold">
          {t('holds.refuse')}
        </button>
      </div>
    </div>
  );
}

function Review({ h, onDone }: { h: Hold; onDone: () => void }) {
  const { t } = useTranslation();
  const [reviewOn, setReviewOn] = useState(() => shiftDay(zoneDay(), 180));
  const submit = useSubmit();
  return (
    <div className="hold-act">
      <ErrorBanner error={submit.error?.issues.length ? undefined : submit.error} />
      <label htmlFor={`hrv-${h.id}`}>{t('holds.nextReview')}</label>
      <input id={`hrv-${h.id}`} name="reviewOn" type="date" value={reviewOn} onChange={(e) => setReviewOn(e.target.value)} />
      {submit.fieldError('reviewOn') && (
        <p className="field-error" data-testid="error-reviewOn">
          {submit.fieldError('reviewOn')}
        </p>
      )}
      <button type="button" className="btn btn-small" disabled={submit.busy} onClick={async () => (await submit.run(() => reviewHold(h.id, reviewOn))).ok && onDone()} data-testid="review-hold">
        {t('holds.setReview')}
      </button>
    </div>
  );
}

function Release({ h, onDone }: { h: Hold; onDone: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const submit = useSubmit();
  return (
    <div className="hold-act">
      <ErrorBanner error={submit.error?.issues.length ? undefined : submit.error} />
      <label htmlFor={`hrl-${h.id}`}>{t('holds.releaseReason')}</label>
      <input id={`hrl-${h.id}`} name="reason" maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} />
      {submit.fieldError('reason') && (
        <p className="field-error" data-testid="error-reason">
          {submit.fieldError('reason')}
        </p>
      )}
      <button type="button" className="btn btn-danger-quiet btn-small" disabled={submit.busy} onClick={async () => (await submit.run(() => releaseHold(h.id, reason))).ok && onDone()} data-testid="release-hold">
        {t('holds.release')}
      </button>
    </div>
  );
}
