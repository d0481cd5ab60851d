import { useTranslation } from 'react-i18next';
import type { SensorEvidence } from '../../../../core/analysis/flag-contract';
import type { ReadingSeries } from '../../api/sensors';
import { formatDateTime } from '../businesses/labels';
import { ReadingsChart } from './ReadingsChart';

/** A sensor flag's evidence: the readings around the excursion, against the limits they broke. */
export function SensorFlagEvidence({ evidence: e, endedAt }: { evidence: SensorEvidence; endedAt: string | null }) {
  const { t, i18n } = useTranslation();
  const series = { quantity: e.quantity, unit: e.unit, min: e.min, max: e.max, standard: e.standard, points: e.points } as ReadingSeries;
  const from = e.points[0]?.at ?? e.firstOutAt;
  const to = e.points.at(-1)?.at ?? e.firstOutAt;
  return (
    <section className="card" data-testid="sensor-evidence">
      <h2>{t('sensors.evidenceTitle')}</h2>
      <p className="small muted">{t('sensors.limits', { limits: [e.min !== null ? `≥ ${e.min}` : null, e.max !== null ? `≤ ${e.max}` : null].filter(Boolean).join(', ') + ` ${e.unit}`, standard: e.standard })}</p>
      <p>{t('sensors.worst', { value: e.worst.value, unit: e.unit, at: formatDateTime(e.worst.at, i18n.language) })}</p>
      <ReadingsChart series={series} from={from} to={to} spans={[{ start: e.firstOutAt, end: endedAt }]} />
    </section>
  );
}
