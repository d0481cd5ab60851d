import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { getTimeline } from '../../api/media';
import { HealthPanel } from './HealthPanel';
import { DayTimeline } from './DayTimeline';
import { RecordingPlayer } from './RecordingPlayer';
import { RetentionLine } from '../../components/RetentionLine';
import { HoldRequestLink } from '../holds/HoldRequestLink';
import { ErrorBanner } from '../../components/ErrorBanner';
import { FlvPlayer } from '../../components/FlvPlayer';
import { Loading } from '../../components/Loading';
import { useApiQuery } from '../../hooks/use-api-query';
import { useRegistryChanged } from '../../hooks/use-live';
import { can, useUser } from '../../hooks/use-session';
import { formatDateTime } from '../businesses/labels';
import { shiftDay, zoneDay, zoneDayStart, zoneHour } from '../../format/datetime';
import { FieldUploads } from '../mobile/FieldUploads';
import './recordings.css';


/** "3 小时 20 分钟" / "45 分钟" */
function useDuration() {
  const { t } = useTranslation();
  return (seconds: number) => {
    if (seconds < 60) return t('recordings.seconds', { count: Math.round(seconds) });
    const m = Math.round(seconds / 60);
    return m >= 60 ? t('recordings.hoursMinutes', { h: Math.floor(m / 60), m: m % 60 }) : t('recordings.minutes', { count: m });
  };
}

/**
 * One device's recordings (R3, R12): who it is (device, site, business), live view, and a day on
 * a timeline that plays continuously from wherever it is clicked. Every view is logged.
 */
export function DeviceMediaView({ deviceId }: { deviceId: string }) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const duration = useDuration();
  // A flag's "recordings around the event" opens the day of the event (?date=YYYY-MM-DD) at the event (?at=ISO).
  const [params, setParams] = useSearchParams();
  const atParam = params.get('at');
  const linkedAt = atParam && !Number.isNaN(Date.parse(atParam)) ? Date.parse(atParam) : null;
  const date = /^\d{4}-\d{2}-\d{2}$/.test(params.get('date') ?? '') ? params.get('date')! : zoneDay(linkedAt !== null ? new Date(linkedAt) : new Date());
  const setDate = (d: string) => setParams((p) => {
    const n = new URLSearchParams(p);
    n.set('date', d);
    n.delete('at');
    return n;
  }, { replace: true });
  const [live, setLive] = useState(false);
  const [request, setRequest] = useState<{ at: number; n: number } | null>(linkedAt !== null ? { at: linkedAt, n: 1 } : null);
  const [playhead, setPlayhead] = useState<number | null>(linkedAt);
  const dayStart = zoneDayStart(date);
  const dayEnd = zoneDayStart(shiftDay(date, 1));
  const q = useApiQuery(`timeline:${deviceId}:${date}`, (signal) => getTimeline(deviceId, new Date(dayStart).toISOString(), new Date(dayEnd).toISOString(), signal));
  useRegistryChanged(q.reload, (e) => e.entity === 'device_health' && e.id === deviceId);
  const isToday = date === zoneDay(new Date());
  // Today's timeline grows: its "now" and its blind time are refreshed every minute.
  useEffect(() => {
    if (!isToday) return;
    const id = setInterval(q.reload, 60_000);
    return () => clearInterval(id);
  }, [isToday, q.reload]);

  const seek = (at: number) => {
    setLive(false);
    setPlayhead(at);
    setRequest((r) => ({ at, n: (r?.n ?? 0) + 1 }));
  };
  const d = q.data?.device;
  const s = q.data?.summary;

  return (
    <section className="rec-page">
      <header className="rec-header">
        <p className="muted small">{t('recordings.title')}</p>
        <h1 data-testid="device-name">{d ? d.name : t('media.title')}</h1>
        {d && (
          <dl className="rec-facts">
            <div>
              <dt>{t('recordings.business')}</dt>
              <dd>
                <Link to={`/businesses/${d.business.id}`} data-testid="business-link">
                  {d.business.name}
                </Link>
              </dd>
            </div>
            <div>
              <dt>{t('recordings.site')}</dt>
              <dd data-testid="site-name">
                <Link to={`/businesses/${d.business.id}#site-${d.site.id}`}>{d.site.name}</Link>
                {d.site.address && <span className="muted small"> · {d.site.address}</span>}
              </dd>
            </div>
            {d.pointsAt && (
              <div>
                <dt>{t('recordings.pointsAt')}</dt>
                <dd>{d.pointsAt}</dd>
              </div>
            )}
          </dl>
        )}
        <p className="muted small">{t('media.logged')}</p>
      </header>

      <div className="actions rec-actions">
        <button type="button" className="btn btn-primary" onClick={() => setLive(true)}>
          {t('media.watchLive')}
        </button>
        {user.role !== 'business' && (
          <Link className="btn" to={`/devices/${deviceId}/analysis`}>
            {t('analysis.title')}
          </Link>
        )}
      </div>

      {live && (
        <div className="card">
          <h2>{t('media.live')}</h2>
          <FlvPlayer url={`/api/devices/${deviceId}/live.flv`} live />
        </div>
      )}
      {!live && request && (
        <div className="card">
          <RecordingPlayer deviceId={deviceId} request={request} onPosition={setPlayhead} />
        </div>
      )}

      <div className="card">
        <div className="rec-day">
          <h2>{t('recordings.timeline')}</h2>
          {q.data && (
            <div className="retention-with-hold">
              <RetentionLine kind="recording" id={deviceId} window={{ from: new Date(dayStart).toISOString(), to: new Date(dayEnd).toISOString() }} />
              {/* 申请保全 for the day being viewed (up to now). */}
              <HoldRequestLink kind="recording" id={deviceId} label={d ? `${d.name} ${date}` : date} window={{ from: new Date(dayStart).toISOString(), to: new Date(Math.min(dayEnd, Date.now())).toISOString() }} />
            </div>
          )}
          <div className="rec-day-nav">
            <button type="button" className="btn btn-small" onClick={() => setDate(shiftDay(date, -1))} aria-label={t('recordings.prevDay')}>
              ‹
            </button>
            <label>
              <span className="sr-only">{t('media.date')}</span>
              <input type="date" name="date" value={date} max={zoneDay(new Date())} onChange={(e) => e.target.value && setDate(e.target.value)} />
            </label>
            <button type="button" className="btn btn-small" disabled={isToday} onClick={() => setDate(shiftDay(date, 1))} aria-label={t('recordings.nextDay')}>
              ›
            </button>
            {!isToday && (
              <button type="button" className="btn btn-small" onClick={() => setDate(zoneDay(new Date()))}>
                {t('recordings.today')}
              </button>
            )}
          </div>
        </div>
        <ErrorBanner error={q.error}>
          {/* Outside one's scope: ask the owning unit for access to this day's recording (调用单). */}
          {q.error?.status === 403 && can(user, 'access.request') && (
            <Link className="btn btn-small" data-testid="request-access" to={`/access-requests/new?kind=device&id=${deviceId}&from=${encodeURIComponent(new Date(dayStart).toISOString())}&to=${encodeURIComponent(new Date(Math.min(dayEnd, Date.now())).toISOString())}`}>
              {t('accessRequests.apply')}
            </Link>
          )}
        </ErrorBanner>
        {!q.data ? (
          q.loading && <Loading />
        ) : (
          <>
            <p className="small" data-testid="day-summary">
              {s && s.watchedSeconds > 0 ? (
                <>
                  {t('recordings.summary', { watched: duration(s.watchedSeconds), recorded: duration(s.recordedSeconds), blind: duration(s.blindSeconds) })}
                  {s.uptimePercent !== null && <> · {t('recordings.uptime', { percent: s.uptimePercent })}</>}
                </>
              ) : (
                <span className="muted">{q.data.installedAt ? t('recordings.summaryNotWatched') : t('recordings.notInstalled')}</span>
              )}
            </p>
            <DayTimeline key={date} dayStart={dayStart} data={q.data} playhead={playhead} onSeek={seek} initialHour={linkedAt !== null && linkedAt >= dayStart && linkedAt < dayEnd ? zoneHour(linkedAt) : null} />
            {q.data.installedAt && <p className="muted small">{t('recordings.installedAt', { at: formatDateTime(q.data.installedAt, i18n.language) })}</p>}
            {q.data.spans.length === 0 && <p className="muted">{t('media.noRecordings')}</p>}
            {q.data.gaps.length > 0 && (
              <details className="rec-gaps">
                <summary>
                  {t('recordings.gapList')} ({q.data.gaps.length})
                </summary>
                <ul>
                  {q.data.gaps.map((g) => (
                    <li key={g.startedAt}>
                      {formatDateTime(g.startedAt, i18n.language)} → {g.endedAt ? formatDateTime(g.endedAt, i18n.language) : t('recordings.ongoingUntilNow')} · {t(`media.reasons.${g.reason}`, { defaultValue: g.reason })}
                    </li>
                  ))}
                </ul>
              </details>
            )}
            {q.data.flags.length > 0 && (
              <details className="rec-flags">
                <summary>{t('recordings.flagsOnDay', { count: q.data.flags.length })}</summary>
                <ul>
                  {q.data.flags.map((f) => (
                    <li key={f.id}>
                      <button type="button" className="btn btn-small" onClick={() => seek(new Date(f.startedAt).getTime() - 5000)}>
                        ▶ {formatDateTime(f.startedAt, i18n.language)}
                      </button>{' '}
                      <Link to={`/flags/${f.id}`}>{t(`flags.types.${f.type}`, { defaultValue: f.type })}</Link>
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </>
        )}
      </div>
      <HealthPanel deviceId={deviceId} />
      {d && <FieldUploads target={{ kind: 'device', id: deviceId }} partyName={d.business.name} officers={[]} />}
    </section>
  );
}
