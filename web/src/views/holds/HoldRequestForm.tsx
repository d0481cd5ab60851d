import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { createHold, HOLD_REASONS, type HoldReason } from '../../api/holds';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { shiftDay, zoneDay } from '../../format/datetime';
import { useSubmit } from '../../hooks/use-submit';
import { beijingIso, beijingLocal } from '../access-requests/time-left';
import './holds.css';

/**
 * 申请保全: keep records beyond their ordinary period (R11; 002-音像 §29, 003 §24: dispute, complaint,
 * obstruction, incident, reconsideration, litigation — with the approval of the unit head). Reached
 * beside the retention line: a device's recording page gives the window being viewed
 * (?kind=recording&id=…&from=…&to=…), a case page the case (?kind=case&id=…). The server checks every
 * rule again (core/retention/hold-rules.ts) and names the field it refuses.
 */
export function HoldRequestForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const kind = params.get('kind') === 'case' ? 'case' : 'recording';
  const id = params.get('id') ?? '';
  const label = params.get('label');
  // Whole minutes: the window's start down to its minute, its end up to the next.
  const hint = (name: string, fallback: number, up = false) => {
    const v = params.get(name);
    const ms = v && !Number.isNaN(Date.parse(v)) ? Date.parse(v) : fallback;
    return beijingLocal(up ? Math.ceil(ms / 60_000) * 60_000 : Math.floor(ms / 60_000) * 60_000);
  };
  const [reason, setReason] = useState<HoldReason>('dispute');
  const [note, setNote] = useState('');
  const [windowFrom, setWindowFrom] = useState(() => hint('from', Date.now() - 3600_000));
  const [windowTo, setWindowTo] = useState(() => hint('to', Date.now(), true));
  // Reviewed at least once a year (hold-rules.ts HOLD_REVIEW_MAX_DAYS): half a year ahead unless changed.
  const [reviewOn, setReviewOn] = useState(() => shiftDay(zoneDay(), 180));
  const submit = useSubmit();
  useEffect(() => {
    document.title = `${t('holds.newTitle')} · ${t('app.name')}`;
  }, [t]);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const out = await submit.run(() =>
      createHold({
        reason,
        note,
        record: { kind, id },
        windowFrom: kind === 'recording' ? beijingIso(windowFrom) : null,
        windowTo: kind === 'recording' ? beijingIso(windowTo) : null,
        reviewOn,
      }),
    );
    if (out.ok) navigate('/holds', { state: { submitted: out.value.id } });
  };

  return (
    <section className="holds narrow">
      <div className="page-head">
        <h1>{t('holds.newTitle')}</h1>
      </div>
      <p className="muted small">{t('holds.intro')}</p>
      <form onSubmit={onSubmit} noValidate data-testid="hold-form">
        <ErrorBanner error={submit.error} />
        <p>
          <b>{t('holds.record')}：</b>
          {t(`holds.kinds.${kind}`)} {label ?? ''}
        </p>
        <Field id="hold-reason" label={t('holds.reason')} field="reason" error={submit.fieldError('reason')} required>
          <select id="hold-reason" name="reason" value={reason} onChange={(e) => setReason(e.target.value as HoldReason)}>
            {HOLD_REASONS.map((r) => (
              <option key={r} value={r}>
                {t(`holds.reasons.${r}`)}
              </option>
            ))}
          </select>
        </Field>
        {kind === 'recording' && (
          <>
            <Field id="hold-window-from" label={t('holds.windowFrom')} field="windowFrom" error={submit.fieldError('windowFrom')} required>
              <input id="hold-window-from" name="windowFrom" type="datetime-local" value={windowFrom} onChange={(e) => setWindowFrom(e.target.value)} />
            </Field>
            <Field id="hold-window-to" label={t('holds.windowTo')} field="windowTo" error={submit.fieldError('windowTo')} required>
              <input id="hold-window-to" name="windowTo" type="datetime-local" value={windowTo} onChange={(e) => setWindowTo(e.target.value)} />
            </Field>
          </>
        )}
        <Field id="hold-note" label={t('holds.note')} field="note" error={submit.fieldError('note')} hint={t('holds.noteHint')} required>
          <textarea id="hold-note" name="note" rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
        </Field>
        <Field id="hold-review" label={t('holds.reviewOn')} field="reviewOn" error={submit.fieldError('reviewOn')} hint={t('holds.reviewHint')} required>
          <input id="hold-review" name="reviewOn" type="date" value={reviewOn} onChange={(e) => setReviewOn(e.target.value)} />
        </Field>
        <div className="actions">
          <button type="submit" className="btn btn-primary" disabled={submit.busy || !id}>
            {t('holds.submit')}
          </button>
          <Link to="/holds" className="btn">
            {t('common.cancel')}
          </Link>
        </div>
      </form>
    </section>
  );
}
