import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { changePassword } from '../../api/auth';
import { ErrorBanner, Notice } from '../../components/ErrorBanner';
import { Field, describedBy } from '../../components/Field';
import { useSubmit } from '../../hooks/use-submit';

export function PasswordView() {
  const { t } = useTranslation();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [confirm, setConfirm] = useState('');
  const [done, setDone] = useState(false);
  const submit = useSubmit();

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setDone(false);
    if (newPassword !== confirm) {
      submit.fail(t('password.mismatch'), { confirm: t('password.mismatch') });
      return;
    }
    const r = await submit.run(() => changePassword(currentPassword, newPassword));
    if (r.ok) {
      setDone(true);
      setCurrent('');
      setNew('');
      setConfirm('');
    }
  }

  const errCurrent = submit.fieldError('currentPassword');
  const errNew = submit.fieldError('newPassword');
  const errConfirm = submit.fieldError('confirm');
  return (
    <section className="narrow">
      <h1>{t('password.title')}</h1>
      <form className="card form" onSubmit={onSubmit}>
        {done && <Notice>{t('password.done')}</Notice>}
        <ErrorBanner error={submit.error} />
        <Field id="pw-current" label={t('password.current')} field="currentPassword" error={errCurrent} required>
          <input {...describedBy('pw-current', errCurrent)} name="currentPassword" type="password" autoComplete="current-password" value={currentPassword} onChange={(e) => setCurrent(e.target.value)} required />
        </Field>
        <Field id="pw-new" label={t('password.new')} field="newPassword" error={errNew} hint={t('password.hint')} required>
          <input {...describedBy('pw-new', errNew, true)} name="newPassword" type="password" autoComplete="new-password" minLength={10} value={newPassword} onChange={(e) => setNew(e.target.value)} required />
        </Field>
        <Field id="pw-confirm" label={t('password.confirm')} field="confirm" error={errConfirm} required>
          <input {...describedBy('pw-confirm', errConfirm)} name="confirm" type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} required />
        </Field>
        <div className="actions">
          <button type="submit" className="btn btn-primary" disabled={submit.busy}>
            {submit.busy ? t('common.saving') : t('password.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
