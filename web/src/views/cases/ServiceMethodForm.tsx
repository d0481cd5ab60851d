import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { recordServiceMethod, type ServiceMethodInput } from '../../api/delivery';
import { Field } from '../../components/Field';
import { SignaturePad, type SignaturePadHandle } from '../../components/SignaturePad';
import { useSubmit } from '../../hooks/use-submit';
import { RefusalBanner } from './RefusalBanner';

type Method = ServiceMethodInput['method'];
const METHODS: Method[] = ['direct', 'post', 'lodging', 'public_notice'];
/** The fields of each method (text inputs; the dates and the signature are their own controls). */
const TEXT: Record<Method, { name: string; required: boolean; long?: boolean }[]> = {
  direct: [{ name: 'recipientName', required: true }, { name: 'recipientRole', required: false }],
  post: [{ name: 'carrier', required: true }, { name: 'trackingNumber', required: true }, { name: 'receiptSigner', required: false }],
  lodging: [{ name: 'place', required: true }, { name: 'refusalReason', required: true, long: true }, { name: 'witnessName', required: true }, { name: 'witnessUnit', required: false }],
  public_notice: [{ name: 'medium', required: true }, { name: 'reason', required: true, long: true }],
};
const DATE: Record<Method, string> = { direct: 'signedAt', post: 'receivedOn', lodging: 'lodgedAt', public_notice: 'publishedAt' };

/**
 * 其他方式送达: the officer records a method with its proof (民诉法第八十七条—第九十五条): direct (the
 * recipient signs on the tablet), post (tracking number and the receipt's day), lodging (where, why
 * refused, the witness), public notice (where published and why; deemed served thirty days on).
 */
export function ServiceMethodForm({ caseId, documentId, onDone, onCancel }: { caseId: string; documentId: string; onDone(): void; onCancel(): void }) {
  const { t } = useTranslation();
  const submit = useSubmit();
  const pad = useRef<SignaturePadHandle>(null);
  const [method, setMethod] = useState<Method>('post');
  const [values, setValues] = useState<Record<string, string>>({});
  const set = (name: string, value: string) => setValues((v) => ({ ...v, [name]: value }));

  const send = async (e: FormEvent) => {
    e.preventDefault();
    const v = Object.fromEntries(Object.entries(values).filter(([, x]) => x.trim() !== ''));
    const date = v[DATE[method]];
    const when = date && method !== 'post' ? new Date(date).toISOString() : date;
    if (method === 'direct' && (!pad.current || pad.current.isEmpty())) return submit.fail(t('delivery.method.signatureMissing'), { signaturePng: t('delivery.method.signatureMissing') });
    const input = { ...Object.fromEntries(TEXT[method].map((f) => [f.name, v[f.name]])), method, [DATE[method]]: when, ...(method === 'direct' ? { signaturePng: pad.current!.toDataUrl().replace(/^data:image\/png;base64,/, '') } : {}) } as ServiceMethodInput;
    const r = await submit.run(() => recordServiceMethod(caseId, documentId, input));
    if (r.ok) onDone();
  };

  return (
    <form className="card service-method" data-testid="service-method-form" onSubmit={(e) => void send(e)} noValidate>
      <h3 className="small">{t('delivery.method.title')}</h3>
      {submit.error && <RefusalBanner error={submit.error} />}
      <Field id="sm-method" label={t('delivery.method.method')} field="method" required>
        <select id="sm-method" name="method" value={method} onChange={(e) => setMethod(e.target.value as Method)}>
          {METHODS.map((m) => (
            <option key={m} value={m}>
              {t(`delivery.channel.${m}`)}
            </option>
          ))}
        </select>
      </Field>
      <p className="hint">{t(`delivery.method.rule.${method}`)}</p>
      {TEXT[method].map((f) => (
        <Field key={`${method}-${f.name}`} id={`sm-${f.name}`} label={t(`delivery.method.field.${f.name}`)} field={f.name} error={submit.fieldError(f.name)} required={f.required}>
          {f.long ? <textarea id={`sm-${f.name}`} name={f.name} rows={2} value={values[f.name] ?? ''} onChange={(e) => set(f.name, e.target.value)} /> : <input id={`sm-${f.name}`} name={f.name} value={values[f.name] ?? ''} onChange={(e) => set(f.name, e.target.value)} />}
        </Field>
      ))}
      <Field id="sm-date" label={t(`delivery.method.field.${DATE[method]}`)} field={DATE[method]} error={submit.fieldError(DATE[method])} required>
        <input id="sm-date" name={DATE[method]} type={method === 'post' ? 'date' : 'datetime-local'} value={values[DATE[method]] ?? ''} onChange={(e) => set(DATE[method], e.target.value)} />
      </Field>
      {method === 'direct' && (
        <div data-field="signaturePng">
          <SignaturePad ref={pad} label={t('delivery.method.signature')} />
          {submit.fieldError('signaturePng') && <p className="field-error">{submit.fieldError('signaturePng')}</p>}
        </div>
      )}
      <p className="actions-start">
        <button type="submit" className="btn btn-primary" disabled={submit.busy}>
          {t('delivery.method.save')}
        </button>{' '}
        <button type="button" className="btn" onClick={onCancel}>
          {t('delivery.method.cancel')}
        </button>
      </p>
    </form>
  );
}
