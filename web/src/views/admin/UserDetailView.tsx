import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { accountAudit, changeAccount, getAccount, resetAccountPassword, setAccountStatus, type Account } from '../../api/admin';
import { listAgencies } from '../../api/registry';
import type { Role } from '../../api/types';
import { ErrorBanner, Notice } from '../../components/ErrorBanner';
import { Field, describedBy } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { ReasonDialog } from '../../components/ReasonDialog';
import { useApiQuery } from '../../hooks/use-api-query';
import { useSubmit } from '../../hooks/use-submit';
import { useUser } from '../../hooks/use-session';
import { AuditTrail, OneTimePassword } from './AuditTrail';
import { STAFF_ROLES } from './UserListView';

type Dialog = 'disable' | 'enable' | 'reset' | null;

/** One account: change name, role or agency; disable or enable; reset the password; its audit from the ledger. */
export function UserDetailView() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const me = useUser();
  const [tick, setTick] = useState(0);
  const account = useApiQuery(`admin-user:${id}:${tick}`, (signal) => getAccount(id, signal));
  const agencies = useApiQuery('agencies', (signal) => listAgencies(signal));
  const [dialog, setDialog] = useState<Dialog>(null);
  const [otp, setOtp] = useState<string | null>(null);
  const refresh = () => setTick((n) => n + 1);

  if (account.error) return <ErrorBanner error={account.error} />;
  if (!account.data) return <Loading />;
  const a = account.data;
  const self = a.id === me.id;

  return (
    <div className="page" data-testid="user-detail" data-status={a.status}>
      <p>
        <Link to="/admin/users">← {t('admin.users.back')}</Link>
      </p>
      <h1>
        {a.displayName} <span className="muted">({a.username})</span>{' '}
        <span className={`badge ${a.status === 'active' ? 'badge-ok' : 'badge-off'}`} data-testid="user-status">
          {t(`admin.users.${a.status}`)}
        </span>
      </h1>
      <p className="muted">
        {t(`role.${a.role}`)} · {a.agencyName ?? a.businessName ?? '—'}
      </p>
      {otp && <OneTimePassword text={t('admin.users.reset')} password={otp} />}
      {!self && (
        <div className="actions">
          {a.status === 'active' ? (
            <button type="button" className="btn btn-danger" onClick={() => setDialog('disable')}>
              {t('admin.users.disable')}
            </button>
          ) : (
            <button type="button" className="btn" onClick={() => setDialog('enable')}>
              {t('admin.users.enable')}
            </button>
          )}
          <button type="button" className="btn" onClick={() => setDialog('reset')}>
            {t('admin.users.resetPassword')}
          </button>
        </div>
      )}
      {a.role !== 'business' && <EditAccount key={a.version} account={a} agencies={agencies.data?.items ?? []} onSaved={refresh} />}
      <AuditTrail key={`audit:${tick}`} queryKey={`admin-user-audit:${id}:${tick}`} load={(signal) => accountAudit(id, signal)} />
      {dialog && (
        <ReasonDialog
          title={t(dialog === 'reset' ? 'admin.users.resetPassword' : `admin.users.${dialog}`)}
          hint={t(dialog === 'reset' ? 'admin.users.resetHint' : `admin.users.${dialog}Hint`)}
          confirmLabel={t(dialog === 'reset' ? 'admin.users.resetPassword' : `admin.users.${dialog}`)}
          onConfirm={async (reason) => {
            if (dialog === 'reset') setOtp((await resetAccountPassword(a.id, reason)).oneTimePassword);
            else await setAccountStatus(a.id, dialog, reason);
            refresh();
          }}
          onClose={() => setDialog(null)}
        />
      )}
    </div>
  );
}

function EditAccount({ account, agencies, onSaved }: { account: Account; agencies: { id: string; name: string }[]; onSaved(): void }) {
  const { t } = useTranslation();
  const submit = useSubmit();
  const [displayName, setDisplayName] = useState(account.displayName);
  const [role, setRole] = useState<Role>(account.role);
  const [agencyId, setAgencyId] = useState(account.agencyId ?? '');
  const [reason, setReason] = useState('');
  const [saved, setSaved] = useState(false);
  useEffect(() => setSaved(false), [displayName, role, agencyId]);
  const err = (f: string) => submit.fieldError(f);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const r = await submit.run(() => changeAccount(account.id, { displayName, role, agencyId: agencyId || undefined, version: account.version, reason }));
    if (r.ok) {
      setSaved(true);
      onSaved();
    }
  }
  return (
    <form className="card" onSubmit={(e) => void onSubmit(e)} noValidate data-testid="user-edit">
      <h2>{t('admin.users.edit')}</h2>
      {saved && <Notice>{t('admin.users.saved')}</Notice>}
      <ErrorBanner error={submit.error} />
      <div className="grid-2">
        <Field id="e-name" label={t('admin.users.displayName')} field="displayName" error={err('displayName')} required>
          <input {...describedBy('e-name', err('displayName'))} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        </Field>
        <Field id="e-role" label={t('admin.users.role')} field="role" error={err('role')} required>
          <select {...describedBy('e-role', err('role'))} value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {STAFF_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="e-agency" label={t('admin.users.agency')} field="agencyId" error={err('agencyId')} required>
          <select {...describedBy('e-agency', err('agencyId'))} value={agencyId} onChange={(e) => setAgencyId(e.target.value)}>
            {agencies.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="e-reason" label={t('admin.users.reason')} field="reason" error={err('reason')} required>
          <input {...describedBy('e-reason', err('reason'))} value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
      </div>
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={submit.busy}>
          {t('admin.users.save')}
        </button>
      </div>
    </form>
  );
}
