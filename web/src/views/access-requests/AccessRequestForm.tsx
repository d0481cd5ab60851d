import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { createAccessRequest, type AccessRecordKind } from '../../api/access-requests';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { useSubmit } from '../../hooks/use-submit';
import { zoneDay, shiftDay } from '../../format/datetime';
import { beijingDayIso, beijingIso, beijingLocal } from './time-left';

const KINDS: readonly AccessRecordKind[] = ['device', 'case', 'document'];

/**
 * 申请调用: the written request for records outside one's scope (002-音像 §25: reason, matter,
 * time, requester), reached from a device's recordings or a case (?kind=device&id=…&from=…&to=…).
 * The server checks every rule again and names the field it refuses.
 */
export function AccessRequestForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const kind: AccessRecordKind = KINDS.includes(params.get('kind') as AccessRecordKind) ? (params.get('kind') as AccessRecordKind) : 'device';
  const id = params.get('id') ?? '';
  const label = params.get('label');
  // The inputs hold whole minutes: the window's start is taken down to its minute, its end up to the next.
  const hint = (name: string, fallback: number, up = false) => {
    const v = params.get(name);
    const ms = v && !Number.isNaN(Date.parse(v)) ? Date.parse(v) : fallback;
    return beijingLocal(up ? Math.ceil(ms / 60_000) * 60_000 : ms);
  };
  const [purpose, setPurpose] = useState<'access' | 'publication'>('access');
  const [windowFrom, setWindowFrom] = useState(() => hint('from', Date.now() - 3600_000));
  const [windowTo, setWindowTo] = useState(() => hint('to', Date.now(), true));
  const [reason, setReason] = useState('');
  const today = zoneDay(new Date());
  const [from, setFrom] = useState(today);
  const [until, setUntil] = useState(shiftDay(today, 6));
  const submit = useSubmit();

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const out = await submit.run(() =>
      createAccessRequest({
        purpose,
        record: { kind, id },
        windowFrom: kind === 'device' ? beijingIso(windowFrom) : null,
        windowTo: kind === 'device' ? beijingIso(windowTo) : null,
        reason,
        // The period runs from the start of its first day to the end of its last (Beijing time).
        from: beijingDayIso(from) ?? '',
        until: beijingDayIso(until, 1) ?? '',
      }),
    );
    if (out.ok) navigate('/access-requests', { state: { submitted: out.value.id } });
  };

  return (
    <section className="access-requests narrow">
      <div className="page-head">
        <h1>{t('accessRequests.newTitle')}</h1>
      </div>
      <p className="muted">{t('accessRequests.intro')}</p>
      <form onSubmit={onSubmit} noValidate data-testid="access-request-form">
        <ErrorBanner error={submit.error} />
        <p>
          <b>{t('accessRequests.record')}：</b>
          {t(`accessRequests.kinds.${kind}`)} {label ?? id}
        </p>
        <Field id="ar-purpose" label={t('accessRequests.purpose')} field="purpose" error={submit.fieldError('purpose')}>
          <select id="ar-purpose" name="purpose" value={purpose} onChange={(e) => setPurpose(e.target.value as 'access' | 'publication')}>
            <option value="access">{t('accessRequests.purposes.access')}</option>
            <option value="publication">{t('accessRequests.purposes.publication')}</option>
          </select>
        </Field>
        {kind === 'device' && (
          <>
            <Field id="ar-window-from" label={t('accessRequests.windowFrom')} field="windowFrom" error={submit.fieldError('windowFrom')} required>
              <input id="ar-window-from" name="windowFrom" type="datetime-local" value={windowFrom} onChange={(e) => setWindowFrom(e.target.value)} />
            </Field>
            <Field id="ar-window-to" label={t('accessRequests.windowTo')} field="windowTo" error={submit.fieldError('windowTo')} hint={t('accessRequests.windowHint')} required>
              <input id="ar-window-to" name="windowTo" type="datetime-local" value={windowTo} onChange={(e) => setWindowTo(e.target.value)} />
            </Field>
          </>
        )}
        <Field id="ar-reason" label={t('accessRequests.reason')} field="reason" error={submit.fieldError('reason')} hint={t('accessRequests.reasonHint')} required>
          <textarea id="ar-reason" name="reason" rows={3} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
        <Field id="ar-from" label={t('accessRequests.from')} field="from" error={submit.fieldError('from')} required>
          <input id="ar-from" name="from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </Field>
        <Field id="ar-until" label={t('accessRequests.until')} field="until" error={submit.fieldError('until')} hint={t('accessRequests.periodHint')} required>
          <input id="ar-until" name="until" type="date" value={until} onChange={(e) => setUntil(e.target.value)} />
        </Field>
        <div className="actions">
          <button type="submit" className="btn btn-primary" disabled={submit.busy || !id}>
            {t('accessRequests.submit')}
          </button>
          <Link to="/access-requests" className="btn">
            {t('common.cancel')}
          </Link>
        </div>
      </form>
    </section>
  );
}
