import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createSite } from '../../api/registry';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field, describedBy } from '../../components/Field';
import { useSubmit } from '../../hooks/use-submit';

/** Adds a site (经营场所) to a business. */
export function SiteForm({ businessId, onDone, onCancel }: { businessId: string; onDone(): void; onCancel(): void }) {
  const { t } = useTranslation();
  const uid = useId();
  const submit = useSubmit();
  const [name, setName] = useState('');
  const [address, setAddress] = useState('');
  const [openingHours, setOpeningHours] = useState('');

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const r = await submit.run(() => createSite(businessId, { name: name.trim(), address: address.trim(), openingHours: openingHours.trim() }));
    if (r.ok) onDone();
  }

  const f = (k: string) => ({ id: `${uid}-${k}`, err: submit.fieldError(k) });
  const n = f('name');
  const a = f('address');
  const o = f('openingHours');
  return (
    <form className="subform" onSubmit={onSubmit} noValidate aria-label={t('site.add')}>
      <h3>{t('site.add')}</h3>
      <ErrorBanner error={submit.error} />
      <div className="grid-2">
        <Field id={n.id} label={t('site.name')} field="name" error={n.err} required>
          <input {...describedBy(n.id, n.err)} name="name" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} required />
        </Field>
        <Field id={o.id} label={t('site.openingHours')} field="openingHours" error={o.err}>
          <input {...describedBy(o.id, o.err)} name="openingHours" value={openingHours} placeholder={t('site.openingHoursPlaceholder')} onChange={(e) => setOpeningHours(e.target.value)} maxLength={200} />
        </Field>
      </div>
      <Field id={a.id} label={t('site.address')} field="address" error={a.err} required>
        <input {...describedBy(a.id, a.err)} name="address" value={address} onChange={(e) => setAddress(e.target.value)} maxLength={300} required />
      </Field>
      <div className="actions">
        <button type="button" className="btn" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={submit.busy}>
          {submit.busy ? t('common.saving') : t('site.add')}
        </button>
      </div>
    </form>
  );
}
