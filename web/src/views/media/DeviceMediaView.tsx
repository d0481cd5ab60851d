import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { getTimeline } from '../../api/media';
import { HealthPanel } from './HealthPanel';
import { ErrorBanner } from '../../components/ErrorBanner';
import { FlvPlayer } from '../../components/FlvPlayer';
import { Loading } from '../../components/Loading';
import { useApiQuery } from '../../hooks/use-api-query';
import { useUser } from '../../hooks/use-session';
import { formatDateTime } from '../businesses/labels';

const day = (d: Date) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);

/** One device: live view and playback of a day's recordings, with the gaps shown (R3). */
export function DeviceMediaView({ deviceId }: { deviceId: string }) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  // A flag's "recordings around the event" opens the day of the event (?date=YYYY-MM-DD).
  const [params] = useSearchParams();
  const [date, setDate] = useState(/^\d{4}-\d{2}-\d{2}$/.test(params.get('date') ?? '') ? params.get('date')! : day(new Date()));
  const [playing, setPlaying] = useState<{ url: string; live: boolean; label: string } | null>(null);
  const from = new Date(`${date}T00:00:00`);
  const to = new Date(from.getTime() + 86400_000);
  const q = useApiQuery(`timeline:${deviceId}:${date}`, (signal) => getTimeline(deviceId, from.toISOString(), to.toISOString(), signal));
  const span = to.getTime() - from.getTime();
  const pos = (iso: string) => Math.min(100, Math.max(0, ((new Date(iso).getTime() - from.getTime()) / span) * 100));

  return (
    <section>
      <h1>{t('media.title')}</h1>
      <p className="muted">{t('media.logged')}</p>
      <div className="actions">
        <button type="button" className="btn btn-primary" onClick={() => setPlaying({ url: `/api/devices/${deviceId}/live.flv`, live: true, label: t('media.live') })}>
          {t('media.watchLive')}
        </button>
        <label>
          {t('media.date')}{' '}
          <input type="date" name="date" value={date} onChange={(e) => setDate(e.target.value)} />
        </label>
        {user.role !== 'business' && (
          <Link className="btn" to={`/devices/${deviceId}/analysis`}>
            {t('analysis.title')}
          </Link>
        )}
      </div>
      <HealthPanel deviceId={deviceId} />
      {playing && (
        <div className="card">
          <h2>{playing.label}</h2>
          <FlvPlayer key={playing.url} url={playing.url} live={playing.live} />
        </div>
      )}
      <ErrorBanner error={q.error} />
      {!q.data ? (
        q.loading && <Loading />
      ) : (
        <div className="card">
          <h2>{t('media.timeline')}</h2>
          <div className="timeline" aria-hidden="true">
            {q.data.segments.map((s) => (
              <span key={s.id} className={`tl-seg${s.partial ? ' tl-partial' : ''}`} style={{ left: `${pos(s.startedAt)}%`, width: `${Math.max(0.2, pos(s.endedAt) - pos(s.startedAt))}%` }} />
            ))}
            {q.data.gaps.map((g) => (
              <span key={g.startedAt} className="tl-gap" style={{ left: `${pos(g.startedAt)}%`, width: `${Math.max(0.2, pos(g.endedAt ?? to.toISOString()) - pos(g.startedAt))}%` }} title={g.reason} />
            ))}
          </div>
          {q.data.gaps.length > 0 && (
            <>
              <h3>{t('media.gaps')}</h3>
              <ul>
                {q.data.gaps.map((g) => (
                  <li key={g.startedAt}>
                    {formatDateTime(g.startedAt, i18n.language)} → {g.endedAt ? formatDateTime(g.endedAt, i18n.language) : t('media.ongoing')} · {t(`media.reasons.${g.reason}`, { defaultValue: g.reason })}
                  </li>
                ))}
              </ul>
            </>
          )}
          <h3>{t('media.segments', { count: q.data.segments.length })}</h3>
          {q.data.segments.length === 0 ? (
            <p className="muted">{t('media.noRecordings')}</p>
          ) : (
            <ul className="segment-list">
              {q.data.segments.slice(-200).map((s) => (
                <li key={s.id}>
                  <button type="button" className="btn btn-small" onClick={() => setPlaying({ url: `/api/recordings/${s.id}/media`, live: false, label: formatDateTime(s.startedAt, i18n.language) })}>
                    ▶ {formatDateTime(s.startedAt, i18n.language)}
                  </button>
                  {s.partial && <span className="badge badge-warn">{t('media.partial')}</span>}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
