import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { requestHearing, type PartyCase } from '../../../api/portal-cases';
import { formatDateTime } from '../../../format/datetime';
import { useSubmit } from '../../../hooks/use-submit';
import { RefusalBanner } from '../../cases/RefusalBanner';
import { PartyCountdown } from './PartyCountdown';

/** The hearing: the party's right and its five working days (art. 64(1)) with their countdown, the request, or what it did. */
export function PartyHearing({ c, onDone }: { c: PartyCase; onDone: (c: PartyCase) => void }) {
  const { t, i18n } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const [note, setNote] = useState('');
  const submit = useSubmit();
  const h = c.hearing;
  const time = (iso: string) => formatDateTime(iso, i18n.language);
  const send = async () => {
    const r = await submit.run(() => requestHearing(c.case.id, { ...(note.trim() ? { note } : {}), expectedVersion: c.case.version }));
    if (r.ok) {
      setConfirming(false);
      onDone(r.value);
    }
  };
  return (
    <section className="card" data-testid="party-hearing">
      <h2>{t('portalCases.hearing.title')}</h2>
      {!h.right && <p className="muted">{t('portalCases.hearing.noRight')}</p>}
      {h.right && <p>{t('portalCases.hearing.right')}</p>}
      {h.right && h.window?.dueAt && !h.requestedAt && !h.waivedAt && (
        <p data-testid="hearing-period">
          {t('portalCases.hearing.period', { time: time(h.window.dueAt) })} {!h.window.stoppedAt && <PartyCountdown dueAt={h.window.dueAt} testId="hearing-countdown" />}
        </p>
      )}
      {h.requestedAt && <p className="notice-ok" data-testid="hearing-requested">{t('portalCases.hearing.requested', { time: time(h.requestedAt) })}</p>}
      {h.waivedAt && <p data-testid="hearing-waived">{t('portalCases.hearing.waived', { time: time(h.waivedAt) })}</p>}
      {h.right && !h.allowed && !h.requestedAt && !h.waivedAt && h.refusal && (
        <p className="muted" data-testid="hearing-closed">
          {t('portalCases.hearing.closed')} {h.refusal.message}({h.refusal.rule})
        </p>
      )}
      {h.allowed && !confirming && (
        <>
          <button type="button" className="btn btn-primary btn-block" data-action="request-hearing" onClick={() => setConfirming(true)}>
            {t('portalCases.hearing.request')}
          </button>
          <p className="muted small">{t('portalCases.hearing.waiveHint')}</p>
        </>
      )}
      {h.allowed && confirming && (
        <div role="alertdialog" aria-labelledby="hearing-confirm" data-testid="hearing-confirm">
          <p id="hearing-confirm">{t('portalCases.hearing.confirm')}</p>
          <div className="field">
            <label htmlFor="hearing-note">{t('portalCases.hearing.note')}</label>
            <textarea id="hearing-note" name="note" rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
          <RefusalBanner error={submit.error} />
          <div className="actions">
            <button type="button" className="btn" onClick={() => setConfirming(false)} disabled={submit.busy}>
              {t('portalCases.statement.backToEdit')}
            </button>
            <button type="button" className="btn btn-primary" onClick={() => void send()} disabled={submit.busy}>
              {t('portalCases.hearing.request')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

/** The hearing notice once there is one: time, place, chair (art. 64(2): at least seven days before). */
export function PartyHearingNotice({ c }: { c: PartyCase }) {
  const { t, i18n } = useTranslation();
  const n = c.hearingNotice;
  if (!n) return c.hearing.requestedAt ? <section className="card"><h2>{t('portalCases.notice.title')}</h2><p className="muted">{t('portalCases.notice.none')}</p></section> : null;
  return (
    <section className="card" data-testid="party-hearing-notice">
      <h2>{t('portalCases.notice.title')}</h2>
      <dl className="portal-facts">
        <dt>{t('portalCases.notice.at')}</dt>
        <dd>{n.hearingAt ? formatDateTime(n.hearingAt, i18n.language) : '—'}</dd>
        <dt>{t('portalCases.notice.place')}</dt>
        <dd>{n.place}</dd>
        <dt>{t('portalCases.notice.chair')}</dt>
        <dd>{n.chair ?? '—'}</dd>
        <dt />
        <dd>{n.public ? t('portalCases.notice.public') : t('portalCases.notice.private')}</dd>
      </dl>
    </section>
  );
}
