import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { decideExtension, pauseClock, requestExtension, resumeClock, type CaseWorkspace, type Clock } from '../../api/cases';
import { formatDateTime } from '../../format/datetime';
import { can, useUser } from '../../hooks/use-session';
import { useSubmit } from '../../hooks/use-submit';
import { formatCountdown } from '../review/countdown';
import { useNow } from '../portal/deadline';
import { RefusalBanner } from './RefusalBanner';

/**
 * The case's limits on the legal clock (R8): due time and a live countdown, red once overdue;
 * paused, extended, stopped. The unit head pauses, resumes and decides extensions; an officer asks
 * for one. Every change is at the case's version; a refusal names its rule.
 */
export function CaseClocks({ ws, onChanged, onStale }: { ws: CaseWorkspace; onChanged(ws: CaseWorkspace): void; onStale(): void }) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const now = useNow(1000);
  const submit = useSubmit();
  const [asking, setAsking] = useState<{ clock: Clock; mode: 'pause' | 'extend' } | null>(null);
  const [reason, setReason] = useState('');
  const [amount, setAmount] = useState('7');
  const head = can(user, 'case.approve');
  const officer = can(user, 'case.act');
  const shown = ws.clocks.filter((k) => !k.stoppedAt);
  const v = ws.case.version;

  async function act(fn: () => Promise<CaseWorkspace>) {
    const r = await submit.run(fn);
    if (r.ok) {
      setAsking(null);
      setReason('');
      onChanged(r.value);
    }
  }
  useEffect(() => {
    if (submit.error?.code === 'version_conflict') onStale();
  }, [submit.error, onStale]);

  return (
    <section className="card" data-testid="case-clocks">
      <h2>{t('cases.ws.clocks')}</h2>
      {submit.error?.code === 'version_conflict' ? <div className="banner banner-warn" role="alert">{t('cases.ws.stale')}</div> : <RefusalBanner error={submit.error} />}
      {shown.length === 0 && <p className="muted">{t('cases.ws.noClocks')}</p>}
      <ul className="case-clocks">
        {shown.map((k) => {
          const left = k.dueAt ? Math.trunc((Date.parse(k.dueAt) - now) / 1000) : null;
          const over = left !== null && left < 0 && !k.paused;
          return (
            <li key={k.id} className={over ? 'case-clock case-clock-over' : 'case-clock'} data-testid="case-clock" data-kind={k.kind} data-overdue={over ? 'true' : 'false'}>
              <p>
                <strong>{t(`cases.clock.${k.kind}`, { defaultValue: t(`closing.clock.${k.kind}`, { defaultValue: k.label }) })}</strong>{' '}
                {k.paused ? <span className="badge badge-warn">{t('cases.ws.paused')}</span> : left !== null && <span className={over ? 'badge badge-bad' : 'badge'}>{formatCountdown(t, left)}</span>}
                {k.extendedBy > 0 && <span className="badge badge-off">{t('cases.ws.extended', { n: k.extendedBy })}</span>}
              </p>
              <p className="small muted">
                {t('cases.ws.due')} {k.dueAt ? formatDateTime(k.dueAt, i18n.language) : '—'} · {t('cases.ws.basis')}: {k.basis}
              </p>
              {k.extensions
                .filter((e) => e.status === 'requested')
                .map((e) => (
                  <p key={e.id} className="small">
                    {t('cases.ws.extRequested', { n: e.amount, reason: e.reason })}{' '}
                    {head && (
                      <>
                        <button type="button" className="btn btn-small" disabled={submit.busy} onClick={() => act(() => decideExtension(ws.case.id, e.id, { approve: true, expectedVersion: v }))}>
                          {t('cases.ws.approveExt')}
                        </button>{' '}
                        <button type="button" className="btn btn-small btn-quiet" disabled={submit.busy} onClick={() => act(() => decideExtension(ws.case.id, e.id, { approve: false, expectedVersion: v }))}>
                          {t('cases.ws.rejectExt')}
                        </button>
                      </>
                    )}
                  </p>
                ))}
              <p className="actions-start">
                {head && k.pausable && !k.paused && (
                  <button type="button" className="btn btn-small" onClick={() => setAsking({ clock: k, mode: 'pause' })}>
                    {t('cases.ws.pause')}
                  </button>
                )}
                {head && k.paused && (
                  <button type="button" className="btn btn-small" disabled={submit.busy} onClick={() => act(() => resumeClock(ws.case.id, { clock: k.kind, expectedVersion: v }))}>
                    {t('cases.ws.resume')}
                  </button>
                )}
                {officer && k.extendable && (
                  <button type="button" className="btn btn-small btn-quiet" onClick={() => setAsking({ clock: k, mode: 'extend' })}>
                    {t('cases.ws.extend')}
                  </button>
                )}
              </p>
              {asking?.clock.id === k.id && (
                <form
                  className="subform"
                  onSubmit={(e) => {
                    e.preventDefault();
                    if (!reason.trim()) return submit.fail(t('common.reasonRequired'));
                    void act(() => (asking.mode === 'pause' ? pauseClock(ws.case.id, { clock: k.kind, reason: reason.trim(), expectedVersion: v }) : requestExtension(ws.case.id, { clock: k.kind, amount: Number(amount), reason: reason.trim(), expectedVersion: v })));
                  }}
                >
                  {asking.mode === 'extend' && (
                    <label>
                      {t('cases.ws.extAmount')} <input name="amount" inputMode="numeric" value={amount} onChange={(e) => setAmount(e.target.value)} size={4} />
                    </label>
                  )}
                  <label>
                    {asking.mode === 'pause' ? t('cases.ws.pauseReason') : t('cases.ws.extReason')} <textarea name="reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
                  </label>
                  <div className="actions">
                    <button type="button" className="btn btn-small" onClick={() => setAsking(null)}>
                      {t('cases.ws.cancel')}
                    </button>
                    <button type="submit" className="btn btn-small btn-primary" disabled={submit.busy}>
                      {t('cases.ws.submit')}
                    </button>
                  </div>
                </form>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
