import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { addServiceAddress } from '../../api/registry';
import { SERVICE_METHODS, type ServiceMethod } from '../../api/types';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field, describedBy } from '../../components/Field';
import { useSubmit } from '../../hooks/use-submit';
import { today } from './labels';

const INPUT_TYPE: Record<ServiceMethod, string> = { email: 'email', sms: 'tel', fax: 'tel', phone: 'tel', wechat: 'text', post: 'text' };

export function ServiceAddressForm({ businessId, onDone, onCancel }: { businessId: string; onDone(): void; onCancel(): void }) {
  const { t } = useTranslation();
  const uid = useId();
  const submit = useSubmit();
  const [method, setMethod] = useState<ServiceMethod>('email');
  const [address, setAddress] = useState('');
  const [agreedAt, setAgreedAt] = useState(today());

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const r = await submit.run(() => addServiceAddress(businessId, { method, address: address.trim(), agreedAt }));
    if (r.ok) onDone();
  }

  const f = (k: string) => ({ id: `${uid}-${k}`, err: submit.fieldError(k) });
  const [fm, fa, fd] = ['method', 'address', 'agreedAt'].map(f);
  return (
    <form className="subform" onSubmit={onSubmit} noValidate aria-label={t('address.add')}>
      <h3>{t('address.add')}</h3>
      <ErrorBanner error={submit.error} />
      <div className="grid-3">
        <Field id={fm.id} label={t('address.method')} field="method" error={fm.err} required>
          <select {...describedBy(fm.id, fm.err)} name="method" value={method} onChange={(e) => setMethod(e.target.value as ServiceMethod)}>
            {SERVICE_METHODS.map((m) => (
              <option key={m} value={m}>
                {t(`method.${m}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field id={fa.id} label={t('address.address')} field="address" error={fa.err} required>
          <input {...describedBy(fa.id, fa.err)} name="address" type={INPUT_TYPE[method]} value={address} onChange={(e) => setAddress(e.target.value)} maxLength={300} required />
        </Field>
        <Field id={fd.id} label={t('address.agreedAt')} field="agreedAt" error={fd.err} required>
          <input {...describedBy(fd.id, fd.err)} name="agreedAt" type="date" max={today()} value={agreedAt} onChange={(e) => setAgreedAt(e.target.value)} required />
        </Field>
      </div>
      <div className="actions">
        <button type="button" className="btn" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={submit.busy}>
          {submit.busy ? t('common.saving') : t('address.add')}
        </button>
      </div>
    </form>
  );
}
