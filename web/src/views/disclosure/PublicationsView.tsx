import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { CHANGE_KINDS, decidePublication, editPublication, publications, reportChange, requestPublication, withdrawPublication, type ChangeKind, type Publication, type PublicationStatus } from '../../api/disclosure';
import { issueText } from '../../api/client';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { ReasonDialog } from '../../components/ReasonDialog';
import { formatDateTime } from '../../format/datetime';
import { useApiQuery } from '../../hooks/use-api-query';
import { can, useUser } from '../../hooks/use-session';
import { useSubmit } from '../../hooks/use-submit';
import './disclosure.css';

type Tab = PublicationStatus | 'withdrawalDue';
const TABS: readonly Tab[] = ['requested', 'draft', 'published', 'withdrawalDue', 'withdrawn', 'refused'];

/**
 * 公开管理 (R15): drafts (edit, checked again; ask for approval), 待审定 (the head of the owning unit
 * approves or refuses, never his own request), published (record that the decision was changed or
 * revoked; the head withdraws with the reason), 待撤回 (due within three working days, overdue first).
 */
export function PublicationsView() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'requested';
  const q = useApiQuery(`publications:${tab}`, (signal) => publications(tab === 'withdrawalDue' ? { withdrawalDue: true } : { status: tab }, signal));
  useEffect(() => {
    document.title = `${t('disclosure.title')} · ${t('app.name')}`;
  }, [t]);
  return (
    <section className="publications">
      <div className="page-head">
        <h1>{t('disclosure.title')}</h1>
        <Link to="/public" target="_blank" rel="noopener">
          {t('disclosure.publicTitle')}
        </Link>
      </div>
      <p className="muted small">{t('disclosure.intro')}</p>
      <div className="status-chips" role="tablist">
        {TABS.map((k) => (
          <button key={k} type="button" role="tab" aria-selected={tab === k} className={tab === k ? 'chip chip-on' : 'chip'} onClick={() => setParams({ tab: k })} data-tab={k}>
            {t(`disclosure.staffTabs.${k}`)}
          </button>
        ))}
      </div>
      <ErrorBanner error={q.error} />
      {q.loading && !q.data && <Loading />}
      {q.data && q.data.items.length === 0 && <p className="muted">{t('disclosure.none')}</p>}
      <ul className="public-list" data-testid="publications">
        {q.data?.items.map((p) => (
          <PublicationCard key={`${p.id}:${p.version}`} p={p} onChanged={q.reload} />
        ))}
      </ul>
    </section>
  );
}

function PublicationCard({ p, onChanged }: { p: Publication; onChanged(): void }) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const submit = useSubmit();
  const [body, setBody] = useState(p.body);
  const [secrets, setSecrets] = useState(p.secrets.join('\n'));
  const [applyMask, setApplyMask] = useState(false);
  const [opinion, setOpinion] = useState('');
  const [change, setChange] = useState<{ kind: ChangeKind; at: string; note: string }>({ kind: 'revoked', at: new Date().toISOString().slice(0, 10), note: '' });
  const [withdrawing, setWithdrawing] = useState(false);
  const act = async (fn: () => Promise<unknown>) => {
    if ((await submit.run(fn)).ok) onChanged();
  };
  const mayRequest = can(user, 'publication.request');
  const head = can(user, 'publication.approve') && p.request?.byId !== user.id;
  return (
    <li className="card publication-card" data-publication={p.id}>
      <strong>{p.title}</strong> <span className="badge">{p.statusText}</span>
      <p className="muted small">
        {p.agency.name}
        {p.documentNumber ? ` · ${p.documentNumber}` : ''}
        {p.request?.by ? ` · ${t('disclosure.requestedBy', { name: p.request.by })}` : ''}
        {p.decision?.by ? ` · ${t('disclosure.decidedBy', { name: p.decision.by })}` : ''}
      </p>
      {p.withdrawal.state === 'due' && <p className="badge badge-warn">{t('disclosure.dueAt', { at: formatDateTime(p.withdrawal.dueAt, i18n.language) })}</p>}
      {p.withdrawal.state === 'overdue' && <p className="notice-bad">{t('disclosure.overdue', { at: formatDateTime(p.withdrawal.dueAt, i18n.language) })}</p>}
      <ErrorBanner error={submit.error}>
        {submit.error?.issues && (
          <ul>
            {submit.error.issues.map((i, n) => (
              <li key={n}>{issueText(i)}</li>
            ))}
          </ul>
        )}
      </ErrorBanner>
      {p.status === 'draft' && mayRequest ? (
        <>
          <label className="field">
            {t('disclosure.edit')}
            <textarea name="body" value={body} onChange={(e) => setBody(e.target.value)} />
          </label>
          <label className="field">
            {t('disclosure.secrets')}
            <textarea name="secrets" rows={2} value={secrets} onChange={(e) => setSecrets(e.target.value)} />
          </label>
          <label>
            <input type="checkbox" checked={applyMask} onChange={(e) => setApplyMask(e.target.checked)} /> {t('disclosure.applyMask')}
          </label>
          <div className="publication-actions">
            <button type="button" className="btn" disabled={submit.busy} onClick={() => act(() => editPublication(p.id, { body, secrets: secrets.split('\n').map((s) => s.trim()).filter(Boolean), applyMask }))}>
              {t('disclosure.save')}
            </button>
            <button type="button" className="btn btn-primary" disabled={submit.busy} onClick={() => act(() => requestPublication(p.id))}>
              {t('disclosure.request')}
            </button>
          </div>
        </>
      ) : (
        p.status !== 'withdrawn' && <pre className="public-body">{p.body}</pre>
      )}
      {p.status === 'requested' && head && (
        <div className="publication-actions">
          <input aria-label={t('disclosure.opinion')} placeholder={t('disclosure.opinion')} value={opinion} onChange={(e) => setOpinion(e.target.value)} maxLength={1000} />
          <button type="button" className="btn btn-primary" disabled={submit.busy} onClick={() => act(() => decidePublication(p.id, 'approve', opinion))}>
            {t('disclosure.approve')}
          </button>
          <button type="button" className="btn" disabled={submit.busy} onClick={() => act(() => decidePublication(p.id, 'refuse', opinion))}>
            {t('disclosure.refuse')}
          </button>
        </div>
      )}
      {p.status === 'published' && (
        <div className="publication-actions">
          <Link to={`/public/publications/${p.publicRef}`} target="_blank" rel="noopener">
            {t('disclosure.viewPublic')}
          </Link>
          {mayRequest && p.kind === 'case_decision' && !p.change && (
            <>
              <select aria-label={t('disclosure.changeKind')} value={change.kind} onChange={(e) => setChange({ ...change, kind: e.target.value as ChangeKind })}>
                {CHANGE_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`disclosure.changeKinds.${k}`)}
                  </option>
                ))}
              </select>
              <input type="date" aria-label={t('disclosure.changedAt')} value={change.at} onChange={(e) => setChange({ ...change, at: e.target.value })} />
              <input aria-label={t('disclosure.changeNote')} placeholder={t('disclosure.changeNote')} value={change.note} onChange={(e) => setChange({ ...change, note: e.target.value })} />
              <button type="button" className="btn" disabled={submit.busy} onClick={() => act(() => reportChange(p.id, { kind: change.kind, changedAt: changedAtOf(change.at), note: change.note }))}>
                {t('disclosure.change')}
              </button>
            </>
          )}
          {can(user, 'publication.approve') && (
            <button type="button" className="btn btn-danger" onClick={() => setWithdrawing(true)}>
              {t('disclosure.withdraw')}
            </button>
          )}
        </div>
      )}
      {p.status === 'withdrawn' && (
        <p>
          {t('disclosure.withdrawalReason')}：{p.withdrawal.reason}
        </p>
      )}
      {withdrawing && <ReasonDialog title={t('disclosure.withdraw')} hint={t('disclosure.withdrawHint')} confirmLabel={t('disclosure.withdraw')} onConfirm={(reason) => withdrawPublication(p.id, reason).then(onChanged)} onClose={() => setWithdrawing(false)} />}
    </li>
  );
}

/** A day picked in the form, as the instant the change took effect: now when it is today, else noon (Beijing) of that day. */
function changedAtOf(day: string): string {
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  return day === today ? new Date().toISOString() : `${day}T12:00:00+08:00`;
}
