import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { auditEntries, ledgerStatus, type AuditEntry } from '../../api/admin';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { useApiQuery } from '../../hooks/use-api-query';
import { formatDateTime } from '../businesses/labels';
import { AuditTabs } from './AuditTabs';

type Kind = 'access' | 'administration';

/** The auditor's start page: the ledger's state, the access log and the administration changes. */
export function AuditView() {
  const { t, i18n } = useTranslation();
  const [kind, setKind] = useState<Kind>('access');
  const [before, setBefore] = useState<string | undefined>(undefined);
  const status = useApiQuery('ledger-status', (signal) => ledgerStatus(signal));
  const q = useApiQuery(`audit:${kind}:${before ?? ''}`, (signal) => auditEntries(kind, before, signal));
  const label = (a: string) => (i18n.exists(`admin.audit.actions.${a}`) ? t(`admin.audit.actions.${a}`) : a);
  const items: AuditEntry[] = q.data?.items ?? [];

  return (
    <div className="page" data-testid="audit-page">
      <AuditTabs />
      <h1>{t('admin.audit.title')}</h1>
      <p className="muted">{t('admin.audit.hint')}</p>
      <section className="card" data-testid="ledger-status">
        <h2>{t('admin.audit.status')}</h2>
        {status.error && <ErrorBanner error={status.error} />}
        {status.data && (
          <>
            <p>{t('admin.audit.entries', { n: status.data.entries, sealed: status.data.sealed })}</p>
            <p>{status.data.checkpoint ? t('admin.audit.checkpoint', { size: status.data.checkpoint.treeSize, at: formatDateTime(status.data.checkpoint.signedAt, i18n.language) }) : t('admin.audit.noCheckpoint')}</p>
            <p className="muted small">{t('admin.audit.verifyHint')}</p>
          </>
        )}
      </section>
      <div className="actions" role="tablist">
        {(['access', 'administration'] as const).map((k) => (
          <button key={k} type="button" role="tab" aria-selected={kind === k} className={`btn${kind === k ? ' btn-primary' : ''}`} onClick={() => (setKind(k), setBefore(undefined))}>
            {t(`admin.audit.${k}`)}
          </button>
        ))}
      </div>
      <section className="card">
        {q.error && <ErrorBanner error={q.error} />}
        {!q.data && !q.error && <Loading />}
        {q.data && items.length === 0 && <p className="muted">{t('admin.audit.empty')}</p>}
        {items.length > 0 && (
          <table className="table stack" data-testid="audit-entries">
            <thead>
              <tr>
                <th scope="col">{t('admin.audit.at')}</th>
                <th scope="col">{t('admin.audit.action')}</th>
                <th scope="col">{t('admin.audit.actor')}</th>
                <th scope="col">{t('admin.audit.subject')}</th>
                <th scope="col">{t('admin.audit.ip')}</th>
                <th scope="col">{t('admin.audit.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr key={e.id} data-action={e.action}>
                  <td data-label={t('admin.audit.at')}>{formatDateTime(e.at, i18n.language)}</td>
                  <td data-label={t('admin.audit.action')}>{label(e.action)}</td>
                  <td data-label={t('admin.audit.actor')}>{e.actorName ?? '—'}</td>
                  <td data-label={t('admin.audit.subject')}>{e.subjectName ?? '—'}</td>
                  <td data-label={t('admin.audit.ip')}>{e.ip ?? '—'}</td>
                  <td data-label={t('admin.audit.detail')}>{e.reason ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {items.length >= 50 && (
          <button type="button" className="btn" onClick={() => setBefore(items[items.length - 1]!.id)}>
            {t('admin.audit.more')}
          </button>
        )}
      </section>
    </div>
  );
}
