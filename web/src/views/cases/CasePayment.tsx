import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { recordPayment, uploadReceipt, type CaseWorkspace, type PaymentView } from '../../api/cases';
import { describedBy, Field } from '../../components/Field';
import { formatDate, formatDateTime, zoneDay } from '../../format/datetime';
import { useSubmit } from '../../hooks/use-submit';
import { RefusalBanner } from './RefusalBanner';

/**
 * The fine and its payment (行政处罚法 arts. 67, 72): what is owed, since when (service), until
 * when, the late fee at 3 % a day capped at the fine, what was paid; the officer records a payment
 * (amount, date, receipt or bank reference, an optional file) or, once the period ran out, that
 * none came.
 */
export function CasePayment({ ws, onChanged, onStale }: { ws: CaseWorkspace; onChanged(ws: CaseWorkspace): void; onStale(): void }) {
  const { t, i18n } = useTranslation();
  const p = ws.payment as PaymentView;
  const [form, setForm] = useState<'paid' | 'not_paid' | null>(null);
  const lang = i18n.language;
  return (
    <section className="card" data-testid="case-payment" data-settled={p.settled ? 'true' : 'false'}>
      <h2>{t('closing.payment.title')}</h2>
      <dl className="facts">
        <div>
          <dt>{t('closing.payment.principal')}</dt>
          <dd>¥{p.principalYuan}</dd>
        </div>
        <div>
          <dt>{t('closing.payment.served')}</dt>
          <dd data-testid="payment-served">{p.servedAt ? formatDateTime(p.servedAt, lang) : t('closing.payment.notServed')}</dd>
        </div>
        {p.dueAt && (
          <div>
            <dt>{t('closing.payment.due')}</dt>
            <dd>{formatDateTime(p.dueAt, lang)}</dd>
          </div>
        )}
        <div>
          <dt>{t('closing.payment.paid')}</dt>
          <dd data-testid="payment-paid">¥{p.paidYuan}</dd>
        </div>
        <div>
          <dt>{t('closing.payment.lateFee')}</dt>
          <dd data-testid="payment-late-fee">
            ¥{p.lateFee.yuan}
            {p.lateFee.days > 0 && <span className="small muted"> · {t('closing.payment.lateFeeDays', { days: p.lateFee.days })}{p.lateFee.capped ? ` · ${t('closing.payment.lateFeeCapped')}` : ''} ({p.lateFee.basis})</span>}
          </dd>
        </div>
        <div>
          <dt>{t('closing.payment.owed')}</dt>
          <dd data-testid="payment-owed">
            ¥{p.owedYuan} {p.settled ? <span className="badge badge-ok">{t('closing.payment.settled')}</span> : p.overdue ? <span className="badge badge-warn">{t('closing.payment.overdue')}</span> : null}
          </dd>
        </div>
      </dl>
      <h3 className="small">{t('closing.payment.entries')}</h3>
      {p.entries.length === 0 ? (
        <p className="muted small">{t('closing.payment.none')}</p>
      ) : (
        <ul data-testid="payment-entries">
          {p.entries.map((e) => (
            <li key={e.id} data-kind={e.kind}>
              {e.kind === 'paid' ? `${t('closing.payment.kindPaid')} ¥${e.amountYuan} · ${formatDate(e.paidOn, lang)} · ${e.reference}` : t('closing.payment.kindNotPaid')}
              {e.file && (
                <>
                  {' '}
                  · <a href={e.file.link} target="_blank" rel="noreferrer">{t('closing.payment.receipt')}</a>
                </>
              )}
              {e.note && <span className="muted"> · {e.note}</span>}
              <span className="small muted"> · {t('closing.payment.by')} {e.recordedBy} {formatDateTime(e.recordedAt, lang)}</span>
            </li>
          ))}
        </ul>
      )}
      {p.canRecord && !form && (
        <p className="actions-start">
          {!p.settled && (
            <button type="button" className="btn btn-primary" data-action="record-payment" onClick={() => setForm('paid')}>
              {t('closing.payment.record')}
            </button>
          )}
          {p.overdue && (
            <button type="button" className="btn" data-action="record-not-paid" onClick={() => setForm('not_paid')}>
              {t('closing.payment.recordMissing')}
            </button>
          )}
        </p>
      )}
      {form && <PaymentForm ws={ws} kind={form} onClose={() => setForm(null)} onStale={onStale} onDone={(next) => { setForm(null); onChanged(next); }} />}
    </section>
  );
}

function PaymentForm({ ws, kind, onClose, onDone, onStale }: { ws: CaseWorkspace; kind: 'paid' | 'not_paid'; onClose(): void; onDone(ws: CaseWorkspace): void; onStale(): void }) {
  const { t } = useTranslation();
  const submit = useSubmit();
  const [amount, setAmount] = useState(ws.payment?.owedYuan ?? '');
  const [paidOn, setPaidOn] = useState(() => zoneDay());
  const [reference, setReference] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [note, setNote] = useState('');
  useEffect(() => {
    if (submit.error?.code === 'version_conflict') onStale();
  }, [submit.error, onStale]);

  async function save(e: FormEvent) {
    e.preventDefault();
    if (kind === 'paid') {
      const missing: Record<string, string> = {};
      if (!amount.trim()) missing.amountYuan = t('closing.payment.required', { field: t('closing.payment.amount') });
      if (!paidOn) missing.paidOn = t('closing.payment.required', { field: t('closing.payment.paidOn') });
      if (!reference.trim()) missing.reference = t('closing.payment.required', { field: t('closing.payment.reference') });
      if (Object.keys(missing).length) return submit.fail(Object.values(missing)[0], missing);
    }
    const r = await submit.run(async () => {
      const stored = kind === 'paid' && file ? await uploadReceipt(ws.case.id, file) : null;
      return recordPayment(
        ws.case.id,
        kind === 'paid'
          ? { kind, amountYuan: amount.trim(), paidOn, reference: reference.trim(), ...(stored ? { fileSha256: stored.sha256, fileName: file!.name } : {}), ...(note.trim() ? { note: note.trim() } : {}), expectedVersion: ws.case.version }
          : { kind, ...(note.trim() ? { note: note.trim() } : {}), expectedVersion: ws.case.version },
      );
    });
    if (r.ok) onDone(r.value);
  }

  return (
    <form className="stack" onSubmit={save} data-testid="payment-form" noValidate>
      <RefusalBanner error={submit.error} />
      {kind === 'paid' && (
        <>
          <Field id="pay-amount" field="amountYuan" label={t('closing.payment.amount')} required error={submit.fieldError('amountYuan')}>
            <input {...describedBy('pay-amount', submit.fieldError('amountYuan'))} name="amountYuan" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
          </Field>
          <Field id="pay-on" field="paidOn" label={t('closing.payment.paidOn')} required error={submit.fieldError('paidOn')}>
            <input {...describedBy('pay-on', submit.fieldError('paidOn'))} name="paidOn" type="date" value={paidOn} max={zoneDay()} onChange={(e) => setPaidOn(e.target.value)} />
          </Field>
          <Field id="pay-ref" field="reference" label={t('closing.payment.reference')} required error={submit.fieldError('reference')}>
            <input {...describedBy('pay-ref', submit.fieldError('reference'))} name="reference" maxLength={200} value={reference} onChange={(e) => setReference(e.target.value)} />
          </Field>
          <Field id="pay-file" field="file" label={t('closing.payment.file')} error={submit.fieldError('file')}>
            <input {...describedBy('pay-file', submit.fieldError('file'))} name="file" type="file" accept="image/jpeg,image/png,application/pdf" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          </Field>
        </>
      )}
      <Field id="pay-note" field="note" label={t('closing.payment.note')} error={submit.fieldError('note')}>
        <textarea {...describedBy('pay-note', submit.fieldError('note'))} name="note" maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
      </Field>
      <p className="actions-start">
        <button type="submit" className="btn btn-primary" disabled={submit.busy}>
          {t('closing.payment.save')}
        </button>
        <button type="button" className="btn" onClick={onClose}>
          {t('closing.payment.cancel')}
        </button>
      </p>
    </form>
  );
}
