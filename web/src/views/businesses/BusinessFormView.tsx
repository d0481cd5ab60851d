import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { createBusiness, updateBusiness } from '../../api/registry';
import { CATEGORIES, type Business, type BusinessInput, type Category, type Contact } from '../../api/types';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field, describedBy } from '../../components/Field';
import { useDistricts } from '../../hooks/use-agencies';
import { useSubmit } from '../../hooks/use-submit';
import { ContactsEditor } from './ContactsEditor';

type Props = {
  /** The business being edited; absent when registering a new one. */
  initial?: Business;
  /** Asked for when the server says someone else changed the record meanwhile. */
  onReload?: () => void;
};

/** Credit codes are upper case without spaces; letters are converted as they are typed. */
export const normaliseCreditCode = (s: string) => s.replace(/\s+/g, '').toUpperCase();

export function BusinessFormView({ initial, onReload }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { districts, error: agencyError } = useDistricts();
  const submit = useSubmit();
  const [name, setName] = useState(initial?.name ?? '');
  const [creditCode, setCreditCode] = useState(initial?.creditCode ?? '');
  const [category, setCategory] = useState<Category | ''>(initial?.category ?? '');
  const [agencyId, setAgencyId] = useState(initial?.agencyId ?? '');
  const [address, setAddress] = useState(initial?.address ?? '');
  const [contacts, setContacts] = useState<Contact[]>(initial?.contacts ?? []);

  const options = initial && !districts.some((d) => d.id === initial.agencyId) ? [{ id: initial.agencyId, name: initial.agencyName }, ...districts] : districts;

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const input: BusinessInput = {
      name: name.trim(),
      creditCode: normaliseCreditCode(creditCode),
      category: category as Category,
      agencyId,
      address: address.trim(),
      contacts: contacts.map((c) => ({ name: c.name.trim(), role: c.role.trim(), phone: c.phone.trim(), email: c.email.trim() })),
    };
    const r = await submit.run(() => (initial ? updateBusiness(initial.id, { ...input, version: initial.version }) : createBusiness(input)));
    if (r.ok) void navigate(`/businesses/${r.value.id}`);
  }

  const err = (f: string) => submit.fieldError(f);
  const conflict = submit.error?.code === 'version_conflict';

  return (
    <section className="narrow">
      <p className="crumbs">
        <Link to={initial ? `/businesses/${initial.id}` : '/businesses'}>← {t('common.back')}</Link>
      </p>
      <h1>{initial ? t('business.editTitle') : t('business.newTitle')}</h1>
      <form className="card form" onSubmit={onSubmit} noValidate>
        <ErrorBanner error={submit.error}>
          {conflict && onReload && (
            <p>
              {t('errors.versionConflictHint')}{' '}
              <button type="button" className="btn" onClick={onReload}>
                {t('common.reload')}
              </button>
            </p>
          )}
        </ErrorBanner>
        <ErrorBanner error={agencyError} />

        <Field id="biz-name" label={t('business.name')} field="name" error={err('name')} required>
          <input {...describedBy('biz-name', err('name'))} name="name" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} required autoComplete="organization" />
        </Field>

        <Field id="biz-credit" label={t('business.creditCode')} field="creditCode" error={err('creditCode')} hint={t('business.creditCodeHint', { n: creditCode.length })} required>
          <input
            {...describedBy('biz-credit', err('creditCode'), true)}
            name="creditCode"
            className="mono"
            value={creditCode}
            onChange={(e) => setCreditCode(normaliseCreditCode(e.target.value))}
            maxLength={18}
            required
            autoCapitalize="characters"
            autoComplete="off"
            spellCheck={false}
            inputMode="text"
          />
        </Field>

        <div className="grid-2">
          <Field id="biz-category" label={t('business.category')} field="category" error={err('category')} required>
            <select {...describedBy('biz-category', err('category'))} name="category" value={category} onChange={(e) => setCategory(e.target.value as Category | '')} required>
              <option value="">{t('business.chooseCategory')}</option>
              {CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {t(`category.${c}`)}
                </option>
              ))}
            </select>
          </Field>

          <Field id="biz-agency" label={t('business.district')} field="agencyId" error={err('agencyId')} required>
            <select {...describedBy('biz-agency', err('agencyId'))} name="agencyId" value={agencyId} onChange={(e) => setAgencyId(e.target.value)} required>
              <option value="">{t('business.chooseDistrict')}</option>
              {options.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </Field>
        </div>

        <Field id="biz-address" label={t('business.address')} field="address" error={err('address')} required>
          <input {...describedBy('biz-address', err('address'))} name="address" value={address} onChange={(e) => setAddress(e.target.value)} maxLength={300} required autoComplete="street-address" />
        </Field>

        <ContactsEditor contacts={contacts} onChange={setContacts} fieldError={err} />

        <div className="actions">
          <Link className="btn" to={initial ? `/businesses/${initial.id}` : '/businesses'}>
            {t('common.cancel')}
          </Link>
          <button type="submit" className="btn btn-primary" disabled={submit.busy}>
            {submit.busy ? t('common.saving') : t('common.save')}
          </button>
        </div>
      </form>
    </section>
  );
}
