import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { FLAG_TYPES, flagSnapshotUrl, type FlagListItem } from '../../api/analysis';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { StatusBadge } from '../../components/StatusBadge';
import { useLiveStatus } from '../../hooks/use-live';
import { formatDateTime } from '../businesses/labels';
import { flagTypeLabel } from './rule-labels';
import { useFlagFeed, type FlagFilters } from './use-flag-feed';

const EVIDENCE_TONE = { pending: 'pending_signature', ready: 'ok', unavailable: 'retired' } as const;

/** Flags in scope, newest first, with filters; new and changed ones appear without a reload. */
export function FlagListView() {
  const { t } = useTranslation();
  const connected = useLiveStatus();
  const [params, setParams] = useSearchParams();
  const filters: FlagFilters = { type: params.get('type') ?? '', source: params.get('source') ?? '', state: params.get('state') ?? '' };
  const feed = useFlagFeed(filters);
  const setFilter = (k: keyof FlagFilters, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const select = (k: keyof FlagFilters, label: string, all: string, options: { value: string; label: string }[]) => (
    <label className="filter">
      <span className="sr-only">{label}</span>
      <select name={k} aria-label={label} value={filters[k]} onChange={(e) => setFilter(k, e.target.value)}>
        <option value="">{all}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <section>
      <div className="page-head">
        <h1>{t('flags.title')}</h1>
        <span className={`badge ${connected ? 'badge-ok' : 'badge-off'}`}>{connected ? t('live.connected') : t('live.disconnected')}</span>
      </div>
      <p className="muted">{t('flags.intro')}</p>
      <div className="filters">
        {select('type', t('flags.type'), t('flags.allTypes'), FLAG_TYPES.map((x) => ({ value: x, label: flagTypeLabel(t, x) })))}
        {select('source', t('flags.source'), t('flags.allSources'), (['rule', 'tamper'] as const).map((x) => ({ value: x, label: t(`flags.sources.${x}`) })))}
        {select('state', t('flags.state'), t('flags.allStates'), (['active', 'ended'] as const).map((x) => ({ value: x, label: t(`flags.states.${x}`) })))}
      </div>
      <ErrorBanner error={feed.error}>
        <button type="button" className="btn" onClick={feed.reload}>
          {t('common.retry')}
        </button>
      </ErrorBanner>
      {feed.counts && (
        <p className="muted small" data-testid="flag-counts">
          {t('flags.counts', feed.counts)}
        </p>
      )}
      {!feed.loaded ? (
        feed.busy && <Loading />
      ) : feed.items.length === 0 ? (
        <EmptyState title={t('flags.empty')} hint={t('flags.emptyHint')} />
      ) : (
        <>
          <ul className="flag-list" data-testid="flag-list">
            {feed.items.map((f) => (
              <FlagRow key={f.id} flag={f} fresh={feed.fresh.includes(f.id)} />
            ))}
          </ul>
          {feed.nextCursor && (
            <p className="actions actions-start">
              <button type="button" className="btn" disabled={feed.busy} onClick={() => void feed.loadMore()}>
                {feed.busy ? t('flags.loadingMore') : t('flags.loadMore')}
              </button>
            </p>
          )}
        </>
      )}
    </section>
  );
}

function FlagRow({ flag: f, fresh }: { flag: FlagListItem; fresh: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <li className={`flag-item${fresh ? ' flag-fresh' : ''}`} data-testid="flag" data-flag-id={f.id}>
      <Link to={`/flags/${f.id}`} className="flag-thumb" tabIndex={-1} aria-hidden="true">
        {f.hasSnapshot ? <img src={flagSnapshotUrl(f.id)} alt="" loading="lazy" /> : <span className="picture-missing">{t('flags.noThumb')}</span>}
      </Link>
      <div className="flag-body">
        <p className="flag-title">
          <Link to={`/flags/${f.id}`}>{flagTypeLabel(t, f.type)}</Link> <StatusBadge status={f.state === 'active' ? 'fault' : 'retired'} label={t(`flags.states.${f.state}`)} />{' '}
          <span className="badge badge-off">{t(`flags.sources.${f.source}`)}</span>
        </p>
        <p className="small">
          {f.businessName} · {f.siteName} · {f.deviceName}
          {f.ruleName && <span className="muted"> · {f.ruleName}</span>}
        </p>
        <p className="small muted">
          {formatDateTime(f.startedAt, lang)} → {f.endedAt ? formatDateTime(f.endedAt, lang) : t('flags.ongoing')}
          {f.peakScore !== null && ` · ${t('flags.score')} ${f.peakScore.toFixed(2)}`} · <StatusBadge status={EVIDENCE_TONE[f.evidenceStatus] ?? 'off'} label={t(`flags.evidence.${f.evidenceStatus}`, { defaultValue: f.evidenceStatus })} />
        </p>
      </div>
    </li>
  );
}
