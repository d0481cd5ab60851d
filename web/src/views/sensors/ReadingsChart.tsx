import { useTranslation } from 'react-i18next';
import type { ReadingSeries } from '../../api/sensors';
import { formatDate, formatDateTimeSeconds, zoneClock } from '../../format/datetime';

const W = 640;
const H = 240;
const PAD = { left: 48, right: 12, top: 12, bottom: 28 };

const out = (v: number, s: Pick<ReadingSeries, 'min' | 'max'>) => (s.min !== null && v < s.min) || (s.max !== null && v > s.max);
// Axis times are the authority's (Asia/Shanghai), like every other time on the pages.
const tickTime = (ms: number, spanMs: number, lang: string) => (spanMs > 2 * 86_400_000 ? `${formatDate(new Date(ms), lang)} ${zoneClock(ms)}` : zoneClock(ms));

/**
 * One quantity over time as SVG (no chart library needed for a line and two limits): the
 * readings, the standard's limits as dashed lines, readings out of range marked, and the
 * spans of flags raised from them shaded.
 */
export function ReadingsChart({ series, from, to, spans = [] }: { series: ReadingSeries; from: string; to: string; spans?: { start: string; end: string | null }[] }) {
  const { t, i18n } = useTranslation();
  const x0 = new Date(from).getTime();
  const x1 = new Date(to).getTime();
  const values = series.points.map((p) => p.value);
  const limits = [series.min, series.max].filter((v): v is number => v !== null);
  const lo = Math.min(0, ...values, ...limits);
  const hi = Math.max(...values, ...limits, lo + 1e-6) * 1.15;
  const x = (ms: number) => PAD.left + ((ms - x0) / Math.max(1, x1 - x0)) * (W - PAD.left - PAD.right);
  const y = (v: number) => H - PAD.bottom - ((v - lo) / (hi - lo)) * (H - PAD.top - PAD.bottom);
  const line = series.points.map((p) => `${x(new Date(p.at).getTime()).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  const label = t('sensors.chartLabel', { quantity: t(`sensors.quantity.${series.quantity}`), count: series.points.length });
  const yTicks = [lo, (lo + hi) / 2, hi].map((v) => Math.round(v * 100) / 100);
  const xTicks = [0, 1, 2, 3].map((i) => x0 + ((x1 - x0) * i) / 3);
  return (
    <svg className="readings-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} data-testid={`chart-${series.quantity}`}>
      <title>{label}</title>
      {spans.map((s) => (
        <rect key={s.start} className="chart-flag" x={x(new Date(s.start).getTime())} y={PAD.top} width={Math.max(2, x(s.end ? new Date(s.end).getTime() : x1) - x(new Date(s.start).getTime()))} height={H - PAD.top - PAD.bottom} />
      ))}
      <line className="chart-axis" x1={PAD.left} y1={H - PAD.bottom} x2={W - PAD.right} y2={H - PAD.bottom} />
      <line className="chart-axis" x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={H - PAD.bottom} />
      {yTicks.map((v) => (
        <text key={`y${v}`} className="chart-tick" x={PAD.left - 6} y={y(v) + 4} textAnchor="end">
          {v}
        </text>
      ))}
      {xTicks.map((ms, i) => (
        <text key={`x${i}`} className="chart-tick" x={x(ms)} y={H - 8} textAnchor={i === 0 ? 'start' : i === 3 ? 'end' : 'middle'}>
          {tickTime(ms, x1 - x0, i18n.language)}
        </text>
      ))}
      {limits.map((v, i) => (
        <g key={`l${i}`} data-testid="limit-line">
          <line className="chart-limit" x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} />
          <text className="chart-limit-label" x={W - PAD.right - 4} y={y(v) - 4} textAnchor="end">
            {t(v === series.min ? 'sensors.min' : 'sensors.max', { v })} {series.unit}
          </text>
        </g>
      ))}
      {series.points.length > 1 && <polyline className="chart-line" points={line} />}
      {series.points.map((p) => (
        <circle key={p.at} className={out(p.value, series) ? 'chart-point chart-out' : 'chart-point'} cx={x(new Date(p.at).getTime())} cy={y(p.value)} r={out(p.value, series) ? 3.5 : 2}>
          <title>{`${formatDateTimeSeconds(new Date(p.at), i18n.language)} · ${p.value} ${series.unit}`}</title>
        </circle>
      ))}
    </svg>
  );
}
