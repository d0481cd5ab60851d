import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { downloadReadsCsv, searchReads, type ReadFilter, type RecordRead } from '../../api/audit-log';
import { ApiError } from '../../api/client';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { formatDateTime } from '../../format/datetime';
import { useApiQuery } from '../../hooks/use-api-query';
import { AuditTabs } from './AuditTabs';
import { ReadFilterForm, KEYS } from './ReadFilterForm';

/**
 * 审计日志 (issue 15 item 6; R12): who read which record, from where, under which grant, and the
 * refusals — filtered, newest first, 50 at a time (keyset "more"), exported as CSV; each record
 * links to its whole trail. The filter lives in the address, so a search can be shared or gone back to.
 */
export function AuditReadsView() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filter: ReadFilter = Object.fromEntries(KEYS.map((k) => [k, params.get(k) ?? undefined]).filter(([, v]) => v));
  const key = JSON.stringify(filter);
  const first = useApiQuery(`audit-reads:${key}`, (signal) => searchReads(filter, undefined, signal));
  const [more, setMore] = useState<{ key: string; items: RecordRead[]; next: string | null }>({ key, items: [], next: null });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    setMore({ key, items: [], next: null });
    setError(undefined);
    setNotice(null);
  }, [key]);

  const extra = more.key === key ? more : { items: [], next: null };
  const items = [...(first.data?.items ?? []), ...extra.items];
  const next = extra.items.length ? extra.next : (first.data?.next ?? null);
  const when = (iso: string) => formatDateTime(iso, i18n.language);
  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await fn();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError({ status: 0, code: 'client', message: String(e) }));
    } finally {
      setBusy(false);
    }
  };
  const loadMore = () => run(async () => {
    const page = await searchReads(filter, next ?? undefined);
    setMore({ key, items: [...extra.items, ...page.items], next: page.next });
  });
  const csv = () => run(async () => setNotice(t('auditLog.csvDone', { n: await downloadReadsCsv(filter) })));

  return (
    <div className="page" data-testid="audit-reads-page">
      <AuditTabs />
      <h1>{t('auditLog.title')}</h1>
      <p className="muted">{t('auditLog.hint')}</p>
      <ReadFilterForm
        initial={filter}
        onSearch={(f: ReadFilter, e?: FormEvent) => {
          e?.preventDefault();
          setParams(new URLSearchParams(Object.entries(f).filter((x): x is [string, string] => !!x[1])));
        }}
      />
      {first.error && <ErrorBanner error={first.error} />}
      {error && <ErrorBanner error={error} />}
      {notice && <p className="notice" role="status">{notice}</p>}
      {!first.data && !first.error && <Loading />}
      {first.data && (
        <section className="card">
          <div className="section-head">
            <p className="muted small" data-testid="audit-period">{t('auditLog.period', { from: when(first.data.period.from), to: when(first.data.period.to) })}</p>
            <div className="actions">
              <button type="button" className="btn" onClick={() => void csv()} disabled={busy || items.length === 0} data-testid="audit-csv">
                {t('auditLog.csv')}
              </button>
            </div>
          </div>
          {items.length === 0 ? (
            <EmptyState title={t('auditLog.empty')} hint={t('auditLog.emptyHint')} />
          ) : (
            <table className="table stack" data-testid="audit-reads">
              <thead>
                <tr>
                  <th scope="col">{t('auditLog.at')}</th>
                  <th scope="col">{t('auditLog.who')}</th>
                  <th scope="col">{t('auditLog.action')}</th>
                  <th scope="col">{t('auditLog.record')}</th>
                  <th scope="col">{t('auditLog.owner')}</th>
                  <th scope="col">{t('auditLog.grant')}</th>
                  <th scope="col">{t('auditLog.bytes')}</th>
                  <th scope="col">{t('auditLog.ip')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((r) => (
                  <tr key={r.id} data-outcome={r.outcome} data-action={r.action} data-kind={r.record.kind}>
                    <td data-label={t('auditLog.at')}>{when(r.at)}</td>
                    <td data-label={t('auditLog.who')}>
                      {r.user.name}
                      <span className="muted small"> {r.user.account ?? ''} · {t(`role.${r.user.role}`, { defaultValue: r.user.role })}</span>
                    </td>
                    <td data-label={t('auditLog.action')}>
                      {t(`auditLog.actions.${r.action}`)}
                      {r.outcome === 'denied' && <span className="badge badge-bad"> {t('auditLog.outcomes.denied')}{r.deniedReason ? `: ${r.deniedReason}` : ''}</span>}
                    </td>
                    <td data-label={t('auditLog.record')}>
                      <Link to={`/audit/records/${encodeURIComponent(r.record.kind)}/${encodeURIComponent(r.record.id)}`}>{t(`auditLog.kinds.${r.record.kind}`, { defaultValue: r.record.kind })}</Link>
                      <span className="muted small mono"> {r.record.id.slice(0, 13)}</span>
                    </td>
                    <td data-label={t('auditLog.owner')}>{r.owner.businessName ?? r.owner.agencyName ?? '—'}</td>
                    <td data-label={t('auditLog.grant')} className="mono small">{r.grantId ? r.grantId.slice(0, 8) : '—'}</td>
                    <td data-label={t('auditLog.bytes')}>{r.bytes ?? '—'}</td>
                    <td data-label={t('auditLog.ip')}>{r.ip ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {next && (
            <button type="button" className="btn" onClick={() => void loadMore()} disabled={busy} data-testid="audit-more">
              {t('auditLog.more')}
            </button>
          )}
        </section>
      )}
    </div>
  );
}
