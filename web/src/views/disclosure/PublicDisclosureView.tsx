import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { publicDevices, publicPublications, publicRegions } from '../../api/disclosure';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { Pagination } from '../../components/Pagination';
import { useApiQuery } from '../../hooks/use-api-query';
import { LanguageSwitch } from '../shell/LanguageSwitch';
import './disclosure.css';

const SIZE = 20;
const day = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * The public pages, no login (R15): 行政处罚决定公开 (行政处罚法 art. 48; search by name, region and
 * date, paged; a withdrawn one marked 已撤回) and the register of electronic monitoring devices
 * (art. 41 ¶1). Phone first: one card per item.
 */
export function PublicDisclosureView({ tab }: { tab: 'decisions' | 'devices' }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const f = { q: params.get('q') ?? '', region: params.get('region') ?? '', from: params.get('from') ?? '', to: params.get('to') ?? '', page: Number(params.get('page') ?? '1') || 1 };
  const [draft, setDraft] = useState(f);
  const regions = useApiQuery('public-regions', (signal) => publicRegions(signal));
  useEffect(() => {
    document.title = `${tab === 'decisions' ? t('disclosure.publicTitle') : t('disclosure.registerTitle')} · ${t('app.name')}`;
  }, [t, tab]);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const next: Record<string, string> = {};
    for (const [k, v] of Object.entries({ q: draft.q, region: draft.region, ...(tab === 'decisions' ? { from: draft.from, to: draft.to } : {}) })) if (v) next[k] = v;
    setParams(next);
  }
  const page = (p: number) => setParams({ ...Object.fromEntries(params), page: String(p) });

  return (
    <main className="main public-page" id="main">
      <div className="page-head">
        <h1>{tab === 'decisions' ? t('disclosure.publicTitle') : t('disclosure.registerTitle')}</h1>
        <LanguageSwitch />
      </div>
      <nav className="status-chips" aria-label={t('disclosure.publicTitle')}>
        <Link className={tab === 'decisions' ? 'chip chip-on' : 'chip'} to="/public">
          {t('disclosure.tabs.decisions')}
        </Link>
        <Link className={tab === 'devices' ? 'chip chip-on' : 'chip'} to="/public/devices">
          {t('disclosure.tabs.devices')}
        </Link>
      </nav>
      <p className="muted small">{tab === 'decisions' ? t('disclosure.publicIntro') : t('disclosure.registerIntro')}</p>
      <form className="public-filters" onSubmit={onSubmit} role="search">
        <input type="search" aria-label={t('disclosure.search')} placeholder={t('disclosure.search')} value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.target.value })} maxLength={50} />
        <select aria-label={t('disclosure.region')} value={draft.region} onChange={(e) => setDraft({ ...draft, region: e.target.value })}>
          <option value="">{t('disclosure.allRegions')}</option>
          {regions.data?.items.map((r) => (
            <option key={r.code} value={r.code}>
              {'\u3000'.repeat(r.depth)}
              {r.name}
            </option>
          ))}
        </select>
        {tab === 'decisions' && (
          <>
            <label>
              {t('disclosure.from')} <input type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
            </label>
            <label>
              {t('disclosure.to')} <input type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
            </label>
          </>
        )}
        <button type="submit" className="btn btn-primary">
          {t('disclosure.find')}
        </button>
      </form>
      {tab === 'decisions' ? <Decisions f={f} onPage={page} /> : <Devices f={f} onPage={page} />}
    </main>
  );
}

type Filters = { q: string; region: string; from: string; to: string; page: number };

function Decisions({ f, onPage }: { f: Filters; onPage(p: number): void }) {
  const { t } = useTranslation();
  const q = useApiQuery(`public-pubs:${JSON.stringify(f)}`, (signal) => publicPublications({ q: f.q || undefined, region: f.region || undefined, from: f.from || undefined, to: f.to || undefined, page: f.page }, signal));
  if (q.error) return <ErrorBanner error={q.error} />;
  if (!q.data) return <Loading />;
  return (
    <>
      <p className="muted small">{t('disclosure.total', { n: q.data.total })}</p>
      {q.data.items.length === 0 && <p className="muted">{t('disclosure.empty')}</p>}
      <ul className="public-list" data-testid="public-publications">
        {q.data.items.map((p) => (
          <li key={p.ref} className="card public-card" data-ref={p.ref}>
            <Link to={`/public/publications/${p.ref}`} className="public-card-title">
              {p.title}
            </Link>
            {p.withdrawn && <span className="badge badge-warn">{t('disclosure.withdrawn')}</span>}
            <dl className="public-facts">
              <dt>{t('disclosure.party')}</dt>
              <dd>{p.partyName}</dd>
              {p.documentNumber && (
                <>
                  <dt>{t('disclosure.number')}</dt>
                  <dd>{p.documentNumber}</dd>
                </>
              )}
              <dt>{t('disclosure.agency')}</dt>
              <dd>{p.agency}</dd>
              <dt>{t('disclosure.publishedAt')}</dt>
              <dd>{day(p.publishedAt)}</dd>
            </dl>
          </li>
        ))}
      </ul>
      <Pagination total={q.data.total} limit={SIZE} offset={(f.page - 1) * SIZE} onChange={(o) => onPage(Math.floor(o / SIZE) + 1)} />
    </>
  );
}

function Devices({ f, onPage }: { f: Filters; onPage(p: number): void }) {
  const { t } = useTranslation();
  const q = useApiQuery(`public-devices:${f.q}:${f.region}:${f.page}`, (signal) => publicDevices({ q: f.q || undefined, region: f.region || undefined, page: f.page }, signal));
  if (q.error) return <ErrorBanner error={q.error} />;
  if (!q.data) return <Loading />;
  return (
    <>
      <p className="muted small">{t('disclosure.total', { n: q.data.total })}</p>
      {q.data.items.length === 0 && <p className="muted">{t('disclosure.emptyDevices')}</p>}
      <ul className="public-list" data-testid="public-devices">
        {q.data.items.map((d, i) => (
          <li key={`${f.page}-${i}`} className="card public-card">
            <strong>
              {d.business} · {d.site}
            </strong>
            <dl className="public-facts">
              <dt>{t('disclosure.device.address')}</dt>
              <dd>{d.address}</dd>
              <dt>{t('disclosure.device.name')}</dt>
              <dd>
                {d.device}（{t(`disclosure.deviceKinds.${d.kind}`)}）
              </dd>
              <dt>{t('disclosure.device.pointsAt')}</dt>
              <dd>{d.pointsAt}</dd>
              <dt>{t('disclosure.device.coverage')}</dt>
              <dd>{d.coverage}</dd>
              <dt>{t('disclosure.device.since')}</dt>
              <dd>{d.since}</dd>
              <dt>{t('disclosure.device.status')}</dt>
              <dd>{t(`disclosure.deviceStatus.${d.status}`)}</dd>
            </dl>
          </li>
        ))}
      </ul>
      <Pagination total={q.data.total} limit={SIZE} offset={(f.page - 1) * SIZE} onChange={(o) => onPage(Math.floor(o / SIZE) + 1)} />
    </>
  );
}
