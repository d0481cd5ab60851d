import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { ErrorBanner, Notice } from '../../components/ErrorBanner';
import { Field, describedBy } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { homePath, useSession } from '../../hooks/use-session';
import { useSubmit } from '../../hooks/use-submit';
import { LanguageSwitch } from '../shell/LanguageSwitch';

function fromState(state: unknown): string | null {
  if (state && typeof state === 'object' && 'from' in state && typeof state.from === 'string' && state.from.startsWith('/') && !state.from.startsWith('/login')) {
    return state.from;
  }
  return null;
}

export function LoginView() {
  const { t } = useTranslation();
  const { user, expired, logIn } = useSession();
  const location = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const submit = useSubmit();

  if (user === undefined) return <Loading />;
  if (user) return <Navigate to={fromState(location.state) ?? homePath(user)} replace />;

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    // On success the session changes and the <Navigate> above takes the user on.
    const r = await submit.run(() => logIn(username.trim(), password));
    if (!r.ok) setPassword('');
  }

  return (
    <div className="login-page">
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <form className="card login-card" onSubmit={onSubmit}>
        <h1 className="login-brand">{t('app.name')}</h1>
        <p className="muted">{t('login.subtitle')}</p>
        <h2>{t('login.title')}</h2>
        {expired && !submit.error && <Notice>{t('login.expired')}</Notice>}
        <ErrorBanner error={submit.error} />
        <Field id="login-username" label={t('login.username')} field="username" required>
          <input {...describedBy('login-username', undefined)} name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required autoFocus maxLength={64} />
        </Field>
        <Field id="login-password" label={t('login.password')} field="password" required>
          <input {...describedBy('login-password', undefined)} name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required maxLength={200} />
        </Field>
        <button type="submit" className="btn btn-primary btn-block" disabled={submit.busy}>
          {submit.busy ? t('login.submitting') : t('login.submit')}
        </button>
      </form>
    </div>
  );
}
