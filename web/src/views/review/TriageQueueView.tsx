import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { FLAG_TYPES, flagSnapshotUrl } from '../../api/analysis';
import { confirmFlag, dismissFlag, escalateFlag, FINAL_STATUSES, REVIEW_STATUSES, type QueueItem, type QueueQuery } from '../../api/review';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { useLiveStatus } from '../../hooks/use-live';
import { can, useUser } from '../../hooks/use-session';
import { formatDateTime } from '../businesses/labels';
import { flagTypeLabel } from '../analysis/rule-labels';
import { formatCountdown, secondsUntil } from './countdown';
import { DecisionDialog, type DecisionKind } from './DecisionDialog';
import { KeyHelp } from './KeyHelp';
import { useNow, useReviewQueue } from './use-review-queue';
import { isTyping, useTriageKeys } from './use-triage-keys';
import { FilterChips } from '../../components/FilterChips';
import { filterChips, withoutChip } from '../dashboard/chips';
import { dayRange } from '../dashboard/drill';
import { useFilterNames } from '../dashboard/use-filter-names';
import './review.css';

const CATEGORIES = ['medical', 'public_place', 'school_canteen', 'water_supply', 'other'] as const;

/**
 * The officer's triage queue (R5): flags in scope waiting for a decision, soonest deadline first,
 * live (new ones appear without reload), with counts per status, a countdown to each deadline and
 * keyboard triage (j/k, Enter, c, d 1–5, e, ?).
 */
export function TriageQueueView() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  // Who may only read flags (legal reviewer, archivist, auditor) sees the queue without the decisions.
  const user = useUser();
  const reviewer = can(user, 'flag.review');
  const connected = useLiveStatus();
  const [params, setParams] = useSearchParams();
  const query: QueueQuery = {
    status: params.get('status') ?? 'open',
    sort: params.get('sort') ?? 'deadline',
    type: params.get('type') ?? '',
    category: params.get('category') ?? '',
    mine: params.get('mine') ?? '',
    // Issue 16: what a dashboard figure opened (region, period, overdue, officer, source) and the managers' selects.
    agencyId: params.get('agencyId') ?? '',
    districtId: params.get('districtId') ?? '',
    assignee: params.get('assignee') ?? '',
    overdue: params.get('overdue') ?? '',
    source: params.get('source') ?? '',
    ...dayRange(params.get('from'), params.get('to')),
  };
  const names = useFilterNames();
  const manager = can(user, 'review.stats');
  const feed = useReviewQueue(query);
  const now = useNow(1000);
  const [selId, setSelId] = useState<string | null>(null);
  const [dialog, setDialog] = useState<{ kind: DecisionKind; item: QueueItem } | null>(null);
  const [help, setHelp] = useState(false);
  const list = useRef<HTMLUListElement>(null);

  const index = Math.max(0, feed.items.findIndex((x) => x.id === selId));
  const selected = feed.items[index] as QueueItem | undefined;
  const setFilter = (k: keyof QueueQuery, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const move = (by: number) => {
    if (!feed.items.length) return;
    const next = feed.items[Math.min(feed.items.length - 1, Math.max(0, index + by))];
    setSelId(next.id);
    if (by > 0 && index + by >= feed.items.length - 3 && feed.nextCursor) void feed.loadMore();
  };

  useEffect(() => {
    list.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [selId]);

  useTriageKeys(!dialog && !help, (key) => {
    if (key === 'next') move(1);
    else if (key === 'prev') move(-1);
    else if (key === 'help') setHelp(true);
    else if (selected && key === 'open') void navigate(`/flags/${selected.id}`, { state: { claim: reviewer } });
    else if (reviewer && selected && !FINAL_STATUSES.includes(selected.reviewStatus) && (key === 'confirm' || key === 'dismiss' || key === 'escalate')) setDialog({ kind: key, item: selected });
  });

  const decide = async (kind: DecisionKind, item: QueueItem, input: { note: string; reasonCode?: Parameters<typeof dismissFlag>[2] }) => {
    if (kind === 'confirm') await confirmFlag(item.id, item.reviewVersion, input.note);
    else if (kind === 'dismiss') await dismissFlag(item.id, item.reviewVersion, input.reasonCode!, input.note);
    else await escalateFlag(item.id, input.note, item.reviewVersion);
    // The next flag takes the decided one's place.
    const after = feed.items[index + 1] ?? feed.items[index - 1];
    if (after) setSelId(after.id);
    feed.refresh();
  };

  const select = (k: keyof QueueQuery, label: string, options: { value: string; label: string }[], all?: string) => (
    <label className="filter">
      <span className="sr-only">{label}</span>
      <select name={k} aria-label={label} value={query[k] as string} onChange={(e) => setFilter(k, e.target.value)} onKeyDown={(e) => e.stopPropagation()}>
        {all !== undefined && <option value="">{all}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <section className="triage">
      <div className="page-head">
        <h1>{t('review.title')}</h1>
        <span className={`badge ${connected ? 'badge-ok' : 'badge-off'}`}>{connected ? t('live.connected') : t('live.disconnected')}</span>
        <button type="button" className="btn btn-quiet btn-small" onClick={() => setHelp(true)} aria-keyshortcuts="?">
          {t('review.keysButton')}
        </button>
      </div>
      {feed.counts && (
        <ul className="status-chips" data-testid="status-counts" aria-label={t('review.counts')}>
          <li>
            <button type="button" className={query.status === 'open' ? 'chip chip-on' : 'chip'} onClick={() => setFilter('status', '')}>
              {t('review.status.open')} <b>{REVIEW_STATUSES.filter((s) => !FINAL_STATUSES.includes(s)).reduce((n, s) => n + feed.counts![s], 0)}</b>
            </button>
          </li>
          {REVIEW_STATUSES.map((s) => (
            <li key={s}>
              <button type="button" className={query.status === s ? 'chip chip-on' : 'chip'} onClick={() => setFilter('status', s)} data-status={s}>
                {FINAL_STATUSES.includes(s) ? t('review.decidedToday', { status: t(`review.status.${s}`) }) : t(`review.status.${s}`)} <b>{feed.counts![s]}</b>
              </button>
            </li>
          ))}
          <li className={feed.counts.overdue ? 'chip chip-overdue' : 'chip'} data-testid="overdue-count">
            {t('review.overdue')} <b>{feed.counts.overdue}</b>
          </li>
        </ul>
      )}
      <div className="filters">
        {select('sort', t('review.sort'), [
          { value: 'deadline', label: t('review.sortDeadline') },
          { value: 'newest', label: t('review.sortNewest') },
        ])}
        {select('type', t('flags.type'), FLAG_TYPES.map((x) => ({ value: x, label: flagTypeLabel(t, x) })), t('flags.allTypes'))}
        {select('category', t('review.category'), CATEGORIES.map((x) => ({ value: x, label: t(`category.${x}`) })), t('review.allCategories'))}
        {select('mine', t('review.mine'), [{ value: 'true', label: t('review.mineOnly') }], t('review.everyone'))}
        {select('status', t('review.statusFilter'), [{ value: 'all', label: t('review.status.all') }, ...REVIEW_STATUSES.map((s) => ({ value: s, label: t(`review.status.${s}`) }))], t('review.status.open'))}
        {/* Managers filter by district and by officer (issue 16); officers keep 只看我的. */}
        {manager && select('districtId', t('dashboard.queue.district'), names.agencies.filter((a) => a.level === 'district').map((a) => ({ value: a.id, label: a.name })), t('dashboard.queue.allDistricts'))}
        {manager && select('assignee', t('dashboard.queue.assignee'), names.people.map((u) => ({ value: u.id, label: `${u.name} · ${u.agencyName}` })), t('dashboard.queue.allAssignees'))}
      </div>
      <FilterChips chips={filterChips(params, t, names).filter((c) => !(manager && (c.params[0] === 'districtId' || c.params[0] === 'assignee')) && c.params[0] !== 'category' && c.params[0] !== 'type')} onRemove={(c) => setParams(withoutChip(params, c), { replace: true })} />
      <ErrorBanner error={feed.error}>
        <button type="button" className="btn" onClick={feed.reload}>
          {t('common.retry')}
        </button>
      </ErrorBanner>
      {!feed.loaded ? (
        feed.busy && <Loading />
      ) : feed.items.length === 0 ? (
        <EmptyState title={t('flags.empty')} hint={t('review.emptyHint')} />
      ) : (
        <>
          <ul className="flag-list triage-list" data-testid="flag-list" role="listbox" aria-label={t('review.title')} ref={list}>
            {feed.items.map((f) => (
              <QueueRow key={f.id} item={f} selected={f.id === selected?.id} fresh={feed.fresh.includes(f.id)} seconds={secondsUntil(f.deadlineAt, now, feed.offsetMs)} onSelect={() => setSelId(f.id)} />
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
      {dialog && (
        <DecisionDialog
          kind={dialog.kind}
          subject={`${flagTypeLabel(t, dialog.item.type)} · ${dialog.item.businessName} · ${dialog.item.deviceName}`}
          onSubmit={(input) => decide(dialog.kind, dialog.item, input)}
          onClose={() => setDialog(null)}
        />
      )}
      {help && <KeyHelp onClose={() => setHelp(false)} />}
    </section>
  );
}

function QueueRow({ item: f, selected, fresh, seconds, onSelect }: { item: QueueItem; selected: boolean; fresh: boolean; seconds: number; onSelect(): void }) {
  const { t, i18n } = useTranslation();
  const open = !FINAL_STATUSES.includes(f.reviewStatus);
  const overdue = open && seconds < 0;
  return (
    <li
      className={`flag-item triage-item${fresh ? ' flag-fresh' : ''}${selected ? ' triage-selected' : ''}${overdue ? ' triage-overdue' : ''}`}
      data-testid="flag"
      data-flag-id={f.id}
      data-status={f.reviewStatus}
      role="option"
      aria-selected={selected}
      onClick={(e) => !isTyping(e.target) && onSelect()}
    >
      <Link to={`/flags/${f.id}`} className="flag-thumb" tabIndex={-1} aria-hidden="true">
        {f.hasSnapshot ? <img src={flagSnapshotUrl(f.id)} alt="" loading="lazy" /> : <span className="picture-missing">{t('flags.noThumb')}</span>}
      </Link>
      <div className="flag-body">
        <p className="flag-title">
          <span className={`review-badge review-${f.reviewStatus}`}>{t(`review.status.${f.reviewStatus}`)}</span> <Link to={`/flags/${f.id}`}>{flagTypeLabel(t, f.type)}</Link>
        </p>
        <p className="small">
          {f.businessName} · {f.siteName} · {f.deviceName}
          {f.ruleName && <span className="muted"> · {f.ruleName}</span>}
          <span className="muted"> · {f.agencyName}</span>
        </p>
        <p className="small muted">
          {formatDateTime(f.startedAt, i18n.language)}
          {f.peakScore !== null && ` · ${t('flags.score')} ${f.peakScore.toFixed(2)}`}
          {f.assigneeName && ` · ${t('review.assignee')} ${f.assigneeName}`}
        </p>
      </div>
      <div className="triage-deadline" data-testid="countdown">
        {open ? <span className={overdue ? 'countdown countdown-overdue' : seconds < 3600 ? 'countdown countdown-soon' : 'countdown'}>{formatCountdown(t, seconds)}</span> : <span className="muted small">{formatDateTime(f.decidedAt, i18n.language)}</span>}
        <span className="muted small">{t('review.due', { at: formatDateTime(f.deadlineAt, i18n.language) })}</span>
      </div>
    </li>
  );
}
