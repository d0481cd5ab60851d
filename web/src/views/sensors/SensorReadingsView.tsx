import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { getReadings } from '../../api/sensors';
import { DeviceStateBadge } from '../../components/DeviceStateBadge';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { useApiQuery } from '../../hooks/use-api-query';
import { can, useUser } from '../../hooks/use-session';
import { formatDateTime } from '../businesses/labels';
import { ReadingsChart } from './ReadingsChart';

const RANGES = { h6: 6 * 3600_000, h24: 24 * 3600_000, d7: 7 * 86_400_000 } as const;
type Range = keyof typeof RANGES;

/** A sensor's readings over time against the standard's limits, with the flags raised from them (R4). */
export function SensorReadingsView({ deviceId }: { deviceId: string }) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const [range, setRange] = useState<Range>('h24');
  // The window ends now at each load; the key changes with the range only.
  const q = useApiQuery(`readings:${deviceId}:${range}`, (signal) => {
    const to = new Date();
    return getReadings(deviceId, new Date(to.getTime() - RANGES[range]).toISOString(), to.toISOString(), signal);
  });
  const r = q.data;
  const lang = i18n.language;
  return (
    <section className="sensor-readings">
      <h1>
        {t('sensors.title')}
        {r && <span className="muted"> · {r.device.name}</span>}
      </h1>
      {r && (
        <p>
          <Link to={`/businesses/${r.device.businessId}`}>{r.device.businessName}</Link> · {r.device.siteName} · <DeviceStateBadge state={r.device.state} lastSeenAt={r.device.lastSeenAt} />
        </p>
      )}
      <p className="muted small">{t('sensors.intro')}</p>
      <div className="actions" role="group" aria-label={t('sensors.range')}>
        {(Object.keys(RANGES) as Range[]).map((k) => (
          <button key={k} type="button" className={`btn btn-small${k === range ? ' btn-primary' : ''}`} aria-pressed={k === range} onClick={() => setRange(k)}>
            {t(`sensors.ranges.${k}`)}
          </button>
        ))}
      </div>
      <ErrorBanner error={q.error} />
      {!r ? (
        q.loading && <Loading />
      ) : (
        r.series.map((s) => {
          const latest = s.points.at(-1);
          const limits = [s.min !== null ? `≥ ${s.min}` : null, s.max !== null ? `≤ ${s.max}` : null].filter(Boolean).join(', ');
          const spans = r.flags.filter((f) => f.type === `${s.quantity}_out_of_range`);
          return (
            <div key={s.quantity} className="card" data-testid={`series-${s.quantity}`}>
              <h2>{t(`sensors.quantity.${s.quantity}`)}</h2>
              <p className="small muted">{t('sensors.limits', { limits: `${limits} ${s.unit}`, standard: s.standard })}</p>
              {latest && (
                <p>
                  {t('sensors.latest', { value: latest.value, unit: s.unit, at: formatDateTime(latest.at, lang) })}
                  {((s.min !== null && latest.value < s.min) || (s.max !== null && latest.value > s.max)) && <strong className="notice-bad"> {t('sensors.outOfRange')}</strong>}
                </p>
              )}
              {s.points.length === 0 ? <p className="muted">{t('sensors.noReadings')}</p> : <ReadingsChart series={s} from={r.from} to={r.to} spans={spans.map((f) => ({ start: f.startedAt, end: f.endedAt }))} />}
              {spans.length > 0 && (
                <>
                  <h3>{t('sensors.flags')}</h3>
                  <ul>
                    {spans.map((f) => (
                      <li key={f.id}>
                        {can(user, 'flag.read') ? <Link to={`/flags/${f.id}`}>{t(`flags.types.${f.type}`)}</Link> : t(`flags.types.${f.type}`)} · {formatDateTime(f.startedAt, lang)} → {f.endedAt ? formatDateTime(f.endedAt, lang) : t('sensors.flagOpen')}
                      </li>
                    ))}
                  </ul>
                </>
              )}
              {s.points.length > 0 && (
                <details>
                  <summary>{t('sensors.table')}</summary>
                  <table className="table">
                    <thead>
                      <tr>
                        <th scope="col">{t('sensors.at')}</th>
                        <th scope="col">{t('sensors.value')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {s.points.slice(-200).reverse().map((p) => (
                        <tr key={p.at}>
                          <td>{formatDateTime(p.at, lang)}</td>
                          <td>
                            {p.value} {s.unit}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </details>
              )}
            </div>
          );
        })
      )}
    </section>
  );
}
