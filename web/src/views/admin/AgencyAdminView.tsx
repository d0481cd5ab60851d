import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { agencyAudit, createAgency, renameAgency } from '../../api/admin';
import { listAgencies } from '../../api/registry';
import type { Agency } from '../../api/types';
import { ErrorBanner, Notice } from '../../components/ErrorBanner';
import { Field, describedBy } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { useApiQuery } from '../../hooks/use-api-query';
import { AdminTabs } from './AdminTabs';
import { useSubmit } from '../../hooks/use-submit';
import { AuditTrail } from './AuditTrail';
import { DocumentSettingsForm } from '../cases/DocumentSettingsForm';
import { can, useUser } from '../../hooks/use-session';

const DEPTH: Record<Agency['level'], number> = { province: 0, city: 1, district: 2 };

/** 系统管理 › 机构管理: the agency tree; pick one to rename it, add a sub-agency, and read its audit. */
export function AgencyAdminView() {
  const { t } = useTranslation();
  const [tick, setTick] = useState(0);
  const q = useApiQuery(`agencies:${tick}`, (signal) => listAgencies(signal));
  const [selected, setSelected] = useState<string | null>(null);
  const items = q.data?.items ?? [];
  const current = items.find((a) => a.id === selected) ?? null;
  const user = useUser();

  return (
    <div className="page">
      <AdminTabs />
      <h1>{t('admin.agencies.title')}</h1>
      <p className="muted">{t('admin.agencies.hint')}</p>
      {q.error && <ErrorBanner error={q.error} />}
      {!q.data && !q.error && <Loading />}
      <section className="card">
        <ul className="agency-tree" data-testid="agency-tree">
          {items.map((a) => (
            <li key={a.id} style={{ paddingInlineStart: `${DEPTH[a.level] * 1.5}rem` }} data-code={a.code}>
              <button type="button" className={`btn btn-quiet${a.id === selected ? ' active' : ''}`} aria-pressed={a.id === selected} onClick={() => setSelected(a.id)}>
                {a.name}
              </button>{' '}
              <span className="muted small">
                {t(`admin.agencies.level.${a.level}`)} · {a.code} · {a.shortName} · {a.areaAbbreviation}卫…
              </span>
            </li>
          ))}
        </ul>
      </section>
      {current && (
        <div key={current.id}>
          <h2>{current.name}</h2>
          <RenameAgency agency={current} onDone={() => setTick((n) => n + 1)} />
          {can(user, 'settings.admin') && <DocumentSettingsForm agencyId={current.id} />}
          {current.level !== 'district' && <NewAgency parent={current} onDone={() => setTick((n) => n + 1)} />}
          <AuditTrail queryKey={`agency-audit:${current.id}:${tick}`} load={(signal) => agencyAudit(current.id, signal)} />
        </div>
      )}
    </div>
  );
}

function RenameAgency({ agency, onDone }: { agency: Agency; onDone(): void }) {
  const { t } = useTranslation();
  const submit = useSubmit();
  const [name, setName] = useState(agency.name);
  const [shortName, setShortName] = useState(agency.shortName);
  const [areaAbbreviation, setAreaAbbreviation] = useState(agency.areaAbbreviation);
  const [reason, setReason] = useState('');
  const [done, setDone] = useState(false);
  const err = (f: string) => submit.fieldError(f);
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setDone(false);
    const r = await submit.run(() => renameAgency(agency.id, { name, shortName, areaAbbreviation, reason }));
    if (r.ok) {
      setDone(true);
      onDone();
    }
  }
  return (
    <form className="card" onSubmit={(e) => void onSubmit(e)} noValidate data-testid="agency-rename">
      <h3>{t('admin.agencies.rename')}</h3>
      {done && <Notice>{t('admin.agencies.renamed')}</Notice>}
      <ErrorBanner error={submit.error} />
      <div className="grid-3">
        <Field id="ar-name" label={t('admin.agencies.name')} field="name" error={err('name')} required>
          <input {...describedBy('ar-name', err('name'))} value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field id="ar-short" label={t('admin.agencies.shortName')} field="shortName" error={err('shortName')} required>
          <input {...describedBy('ar-short', err('shortName'))} value={shortName} onChange={(e) => setShortName(e.target.value)} />
        </Field>
        <Field id="ar-area" label={t('documents.agency.areaAbbreviation')} field="areaAbbreviation" error={err('areaAbbreviation')} hint={t('documents.agency.areaAbbreviationHint')} required>
          <input {...describedBy('ar-area', err('areaAbbreviation'))} name="areaAbbreviation" maxLength={4} value={areaAbbreviation} onChange={(e) => setAreaAbbreviation(e.target.value)} />
        </Field>
        <Field id="ar-reason" label={t('admin.users.reason')} field="reason" error={err('reason')} required>
          <input {...describedBy('ar-reason', err('reason'))} value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
      </div>
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={submit.busy}>
          {t('admin.agencies.rename')}
        </button>
      </div>
    </form>
  );
}

function NewAgency({ parent, onDone }: { parent: Agency; onDone(): void }) {
  const { t } = useTranslation();
  const submit = useSubmit();
  const [form, setForm] = useState({ name: '', shortName: '', code: '' });
  const [done, setDone] = useState(false);
  const err = (f: string) => submit.fieldError(f);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setDone(false);
    const r = await submit.run(() => createAgency({ parentId: parent.id, ...form }));
    if (r.ok) {
      setDone(true);
      setForm({ name: '', shortName: '', code: '' });
      onDone();
    }
  }
  return (
    <form className="card" onSubmit={(e) => void onSubmit(e)} noValidate data-testid="agency-create">
      <h3>{t('admin.agencies.create')}</h3>
      <p className="muted">
        {t('admin.agencies.parent')}:{parent.name}
      </p>
      {done && <Notice>{t('admin.agencies.created')}</Notice>}
      <ErrorBanner error={submit.error} />
      <div className="grid-3">
        <Field id="an-name" label={t('admin.agencies.name')} field="name" error={err('name')} required>
          <input {...describedBy('an-name', err('name'))} value={form.name} onChange={set('name')} />
        </Field>
        <Field id="an-short" label={t('admin.agencies.shortName')} field="shortName" error={err('shortName')} required>
          <input {...describedBy('an-short', err('shortName'))} value={form.shortName} onChange={set('shortName')} />
        </Field>
        <Field id="an-code" label={t('admin.agencies.code')} field="code" error={err('code')} required>
          <input {...describedBy('an-code', err('code'))} inputMode="numeric" maxLength={6} value={form.code} onChange={set('code')} />
        </Field>
      </div>
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={submit.busy}>
          {t('admin.agencies.create')}
        </button>
      </div>
    </form>
  );
}
