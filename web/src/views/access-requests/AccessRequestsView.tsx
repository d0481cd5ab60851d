import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useSearchParams } from 'react-router';
import { accessRequestQueue, decideAccessRequest, myAccessRequests, revokeAccessRequest, withdrawAccessRequest, type AccessRequest } from '../../api/access-requests';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner, Notice } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { useApiQuery } from '../../hooks/use-api-query';
import { can, useUser } from '../../hooks/use-session';
import { useSubmit } from '../../hooks/use-submit';
import { AccessRequestCard } from './AccessRequestCard';
import { GrantedPlayback } from './GrantedPlayback';
import './access-requests.css';

/**
 * 调用申请: 我的申请 (status and time left; a granted recording plays here) and, for a unit head,
 * 待审批 (approve or refuse with an opinion) with the grants in force (revoke with a reason).
 */
export function AccessRequestsView() {
  const { t } = useTranslation();
  const user = useUser();
  const head = can(user, 'access.approve');
  const [params, setParams] = useSearchParams();
  const tab = head && params.get('tab') === 'queue' ? 'queue' : 'mine';
  const submitted = (useLocation().state as { submitted?: string } | null)?.submitted;
  useEffect(() => {
    document.title = `${t('accessRequests.title')} · ${t('app.name')}`;
  }, [t]);

  return (
    <section className="access-requests">
      <div className="page-head">
        <h1>{t('accessRequests.title')}</h1>
      </div>
      <p className="muted small">{t('accessRequests.intro')}</p>
      {head && (
        <div className="status-chips" role="tablist" aria-label={t('accessRequests.title')}>
          {(['mine', 'queue'] as const).map((k) => (
            <button key={k} type="button" role="tab" aria-selected={tab === k} className={tab === k ? 'chip chip-on' : 'chip'} onClick={() => setParams(k === 'mine' ? {} : { tab: k })} data-tab={k}>
              {t(`accessRequests.tabs.${k}`)}
            </button>
          ))}
        </div>
      )}
      {submitted && tab === 'mine' && <Notice>{t('accessRequests.submitted')}</Notice>}
      {tab === 'mine' ? <MyRequests /> : <ApprovalQueue />}
    </section>
  );
}

function MyRequests() {
  const { t } = useTranslation();
  const q = useApiQuery('access-requests-mine', (signal) => myAccessRequests(signal));
  const submit = useSubmit();
  const items = q.data?.items ?? [];
  return (
    <>
      <ErrorBanner error={q.error ?? submit.error} />
      {q.loading && !q.data && <Loading />}
      {q.data && items.length === 0 && <EmptyState title={t('accessRequests.emptyMine')} hint={t('accessRequests.emptyMineHint')} />}
      <ul className="access-request-list" data-testid="my-requests">
        {items.map((r) => (
          <AccessRequestCard key={r.id} r={r}>
            {r.status === 'pending' && (
              <button type="button" className="btn btn-small" disabled={submit.busy} onClick={async () => (await submit.run(() => withdrawAccessRequest(r.id))).ok && q.reload()}>
                {t('accessRequests.withdraw')}
              </button>
            )}
            {r.status === 'approved' && r.purpose === 'access' && r.record.kind === 'device' && <GrantedPlayback grant={r} />}
          </AccessRequestCard>
        ))}
      </ul>
    </>
  );
}

function ApprovalQueue() {
  const { t } = useTranslation();
  const q = useApiQuery('access-requests-queue', (signal) => accessRequestQueue(signal));
  const items = q.data?.items ?? [];
  const pending = items.filter((r) => r.status === 'pending');
  const inForce = items.filter((r) => r.status === 'approved');
  return (
    <>
      <ErrorBanner error={q.error} />
      {q.loading && !q.data && <Loading />}
      {q.data && items.length === 0 && <EmptyState title={t('accessRequests.emptyQueue')} hint={t('accessRequests.emptyQueueHint')} />}
      {pending.length > 0 && <h2>{t('accessRequests.pendingTitle')}</h2>}
      <ul className="access-request-list" data-testid="request-queue">
        {pending.map((r) => (
          <AccessRequestCard key={r.id} r={r}>
            <Decide r={r} onDone={q.reload} />
          </AccessRequestCard>
        ))}
      </ul>
      {inForce.length > 0 && <h2>{t('accessRequests.grantsInForce')}</h2>}
      <ul className="access-request-list" data-testid="grants-in-force">
        {inForce.map((r) => (
          <AccessRequestCard key={r.id} r={r}>
            <Revoke r={r} onDone={q.reload} />
          </AccessRequestCard>
        ))}
      </ul>
    </>
  );
}

function Decide({ r, onDone }: { r: AccessRequest; onDone: () => void }) {
  const { t } = useTranslation();
  const [opinion, setOpinion] = useState('');
  const submit = useSubmit();
  const decide = async (decision: 'approve' | 'refuse') => {
    if ((await submit.run(() => decideAccessRequest(r.id, decision, opinion))).ok) onDone();
  };
  return (
    <div className="access-request-act">
      <ErrorBanner error={submit.error?.issues.length ? undefined : submit.error}>{submit.error?.refusal && <p className="small">{submit.error.refusal.rule}</p>}</ErrorBanner>
      <label htmlFor={`op-${r.id}`}>{t('accessRequests.opinion')}</label>
      <textarea id={`op-${r.id}`} name="opinion" rows={2} maxLength={1000} value={opinion} onChange={(e) => setOpinion(e.target.value)} />
      {submit.fieldError('opinion') && <p className="field-error">{submit.fieldError('opinion')}</p>}
      <div className="actions">
        <button type="button" className="btn btn-primary btn-small" disabled={submit.busy} onClick={() => void decide('approve')} data-testid="approve">
          {t('accessRequests.approve')}
        </button>
        <button type="button" className="btn btn-danger btn-small" disabled={submit.busy} onClick={() => void decide('refuse')} data-testid="refuse">
          {t('accessRequests.refuse')}
        </button>
      </div>
    </div>
  );
}

function Revoke({ r, onDone }: { r: AccessRequest; onDone: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const submit = useSubmit();
  return (
    <div className="access-request-act">
      <ErrorBanner error={submit.error?.issues.length ? undefined : submit.error} />
      <label htmlFor={`rv-${r.id}`}>{t('accessRequests.revokeReason')}</label>
      <input id={`rv-${r.id}`} name="reason" maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} />
      {submit.fieldError('reason') && <p className="field-error">{submit.fieldError('reason')}</p>}
      <button type="button" className="btn btn-danger-quiet btn-small" disabled={submit.busy} onClick={async () => (await submit.run(() => revokeAccessRequest(r.id, reason))).ok && onDone()} data-testid="revoke">
        {t('accessRequests.revoke')}
      </button>
    </div>
  );
}
