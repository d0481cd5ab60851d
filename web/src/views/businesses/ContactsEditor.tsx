import { useTranslation } from 'react-i18next';
import type { Contact } from '../../api/types';
import { Field, describedBy } from '../../components/Field';

type Props = {
  contacts: Contact[];
  onChange(contacts: Contact[]): void;
  /** Server message for contacts.<i>.<field>, or for the whole list. */
  fieldError(path: string): string | undefined;
};

const FIELDS = [
  { key: 'name', label: 'business.contactName', type: 'text', autoComplete: 'name', max: 50 },
  { key: 'role', label: 'business.contactRole', type: 'text', autoComplete: 'organization-title', max: 50 },
  { key: 'phone', label: 'business.contactPhone', type: 'tel', autoComplete: 'tel', max: 30 },
  { key: 'email', label: 'business.contactEmail', type: 'email', autoComplete: 'email', max: 200 },
] as const;

export const emptyContact = (): Contact => ({ name: '', role: '', phone: '', email: '' });

/** Repeatable contact rows: name is required, the rest optional. */
export function ContactsEditor({ contacts, onChange, fieldError }: Props) {
  const { t } = useTranslation();
  const set = (i: number, key: keyof Contact, value: string) => onChange(contacts.map((c, j) => (j === i ? { ...c, [key]: value } : c)));
  const listError = fieldError('contacts');

  return (
    <fieldset className="contacts">
      <legend>{t('business.contacts')}</legend>
      {listError && (
        <p className="field-error" data-testid="error-contacts">
          {listError}
        </p>
      )}
      {contacts.length === 0 && <p className="muted small">{t('business.noContacts')}</p>}
      {contacts.map((c, i) => (
        <div className="contact-row" key={i}>
          {FIELDS.map((f) => {
            const id = `contact-${i}-${f.key}`;
            const err = fieldError(`contacts.${i}.${f.key}`);
            return (
              <Field key={f.key} id={id} label={t(f.label)} field={`contacts-${i}-${f.key}`} error={err} required={f.key === 'name'}>
                <input
                  {...describedBy(id, err)}
                  name={`contacts.${i}.${f.key}`}
                  type={f.type}
                  autoComplete={f.autoComplete}
                  maxLength={f.max}
                  value={c[f.key]}
                  required={f.key === 'name'}
                  onChange={(e) => set(i, f.key, e.target.value)}
                />
              </Field>
            );
          })}
          <button type="button" className="btn btn-quiet contact-remove" onClick={() => onChange(contacts.filter((_, j) => j !== i))}>
            {t('business.removeContact')}
          </button>
        </div>
      ))}
      <button type="button" className="btn" onClick={() => onChange([...contacts, emptyContact()])}>
        + {t('business.addContact')}
      </button>
    </fieldset>
  );
}
