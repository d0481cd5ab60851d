import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { createAccount, listAccounts, type Created } from '../../api/admin';
import { listAgencies } from '../../api/registry';
import { ROLES, type Role } from '../../api/types';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field, describedBy } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { useApiQuery } from '../../hooks/use-api-query';
import { AdminTabs } from './AdminTabs';
import { useSubmit } from '../../hooks/use-submit';
import { OneTimePassword } from './AuditTrail';

/** Staff roles an admin gives here; business users are created for their business. */
export const STAFF_ROLES = ROLES.filter((r) => r !== 'business');

/** 系统管理 › 用户管理: the accounts of the admin's subtree and a form for a new one. */
export function UserListView() {
  const { t } = useTranslation();
  const users = useApiQuery('admin-users', (signal) => listAccounts(signal));
  const agencies = useApiQuery('agencies', (signal) => listAgencies(signal));
  const submit = useSubmit();
  const [form, setForm] = useState({ username: '', displayName: '', role: '' as Role | '', agencyId: '', email: '', phone: '' });
  const [created, setCreated] = useState<Created | null>(null);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  const agencyName = useMemo(() => new Map((agencies.data?.items ?? []).map((a) => [a.id, a.name])), [agencies.data]);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setCreated(null);
    const r = await submit.run(() =>
      createAccount({ username: form.username, displayName: form.displayName, role: form.role as Role, agencyId: form.agencyId || null, email: form.email || null, phone: form.phone || null }),
    );
    if (r.ok) {
      setCreated(r.value);
      setForm({ username: '', displayName: '', role: '', agencyId: '', email: '', phone: '' });
      users.reload();
    }
  }
  const err = (f: string) => submit.fieldError(f);

  return (
    <div className="page">
      <AdminTabs />
      <h1>{t('admin.users.title')}</h1>
      <p className="muted">{t('admin.users.hint')}</p>
      <section className="card">
        {users.error && <ErrorBanner error={users.error} />}
        {!users.data && !users.error && <Loading />}
        {users.data?.items.length === 0 && <p className="muted">{t('admin.users.empty')}</p>}
        {!!users.data?.items.length && (
          <table className="table stack" data-testid="user-table">
            <thead>
              <tr>
                <th scope="col">{t('admin.users.username')}</th>
                <th scope="col">{t('admin.users.displayName')}</th>
                <th scope="col">{t('admin.users.role')}</th>
                <th scope="col">{t('admin.users.agency')}</th>
                <th scope="col">{t('admin.users.status')}</th>
              </tr>
            </thead>
            <tbody>
              {users.data.items.map((u) => (
                <tr key={u.id} data-username={u.username}>
                  <td data-label={t('admin.users.username')}>
                    <Link to={`/admin/users/${u.id}`}>{u.username}</Link>
                  </td>
                  <td data-label={t('admin.users.displayName')}>{u.displayName}</td>
                  <td data-label={t('admin.users.role')}>{t(`role.${u.role}`)}</td>
                  <td data-label={t('admin.users.agency')}>{u.agencyName ?? u.businessName ?? '—'}</td>
                  <td data-label={t('admin.users.status')}>
                    <span className={`badge ${u.status === 'active' ? 'badge-ok' : 'badge-off'}`}>{t(`admin.users.${u.status}`)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <form className="card" onSubmit={(e) => void onSubmit(e)} noValidate data-testid="user-create">
        <h2>{t('admin.users.create')}</h2>
        {created && <OneTimePassword text={t('admin.users.created', { name: created.user.displayName })} password={created.oneTimePassword} />}
        <ErrorBanner error={submit.error} />
        <div className="grid-2">
          <Field id="u-username" label={t('admin.users.username')} field="username" error={err('username')} required>
            <input {...describedBy('u-username', err('username'))} name="username" autoComplete="off" value={form.username} onChange={set('username')} />
          </Field>
          <Field id="u-name" label={t('admin.users.displayName')} field="displayName" error={err('displayName')} required>
            <input {...describedBy('u-name', err('displayName'))} name="displayName" value={form.displayName} onChange={set('displayName')} />
          </Field>
          <Field id="u-role" label={t('admin.users.role')} field="role" error={err('role')} hint={t('admin.users.businessRoleHint')} required>
            <select {...describedBy('u-role', err('role'), true)} name="role" value={form.role} onChange={set('role')}>
              <option value="">{t('admin.users.chooseRole')}</option>
              {STAFF_ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`role.${r}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field id="u-agency" label={t('admin.users.agency')} field="agencyId" error={err('agencyId')} required>
            <select {...describedBy('u-agency', err('agencyId'))} name="agencyId" value={form.agencyId} onChange={set('agencyId')}>
              <option value="">{t('admin.users.chooseAgency')}</option>
              {(agencies.data?.items ?? []).map((a) => (
                <option key={a.id} value={a.id}>
                  {a.parentId ? `${agencyName.get(a.parentId) ?? ''} › ${a.name}` : a.name}
                </option>
              ))}
            </select>
          </Field>
          <Field id="u-email" label={t('admin.users.email')} field="email" error={err('email')}>
            <input {...describedBy('u-email', err('email'))} name="email" type="email" value={form.email} onChange={set('email')} />
          </Field>
          <Field id="u-phone" label={t('admin.users.phone')} field="phone" error={err('phone')}>
            <input {...describedBy('u-phone', err('phone'))} name="phone" type="tel" value={form.phone} onChange={set('phone')} />
          </Field>
        </div>
        <div className="actions">
          <button type="submit" className="btn btn-primary" disabled={submit.busy}>
            {t('admin.users.create')}
          </button>
        </div>
      </form>
    </div>
  );
}
