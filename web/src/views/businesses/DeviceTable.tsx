import { useTranslation } from 'react-i18next';
import { statusReasonText } from '../../format/system-reason';
import { Link } from 'react-router';
import type { Device } from '../../api/types';
import { DeviceStateBadge } from '../../components/DeviceStateBadge';
import { useUser } from '../../hooks/use-session';
import { formatDate, yesNo } from './labels';

/** Devices of one site; stacks into cards on a phone. */
export function DeviceTable({ devices, openingHours, onRetire, onKeys }: { devices: Device[]; openingHours?: string; onRetire?: (d: Device) => void; onKeys?: (d: Device) => void }) {
  const { t, i18n } = useTranslation();
  const staff = useUser().role !== 'business';
  const lang = i18n.language;
  return (
    <table className="table stack devices">
      <thead>
        <tr>
          <th scope="col">{t('device.name')}</th>
          <th scope="col">{t('device.kind')}</th>
          <th scope="col">{t('device.pointsAt')}</th>
          <th scope="col">{t('device.coverage')}</th>
          <th scope="col">{t('device.recordsAudio')}</th>
          <th scope="col">{t('device.calibration')}</th>
          <th scope="col">{t('device.status')}</th>
          <th scope="col">{t('common.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {devices.map((d) => (
          <tr key={d.id}>
            <td data-label={t('device.name')} className="cell-title">
              {d.name}
            </td>
            <td data-label={t('device.kind')}>
              {t(`deviceKind.${d.kind}`)} · {t(`mobility.${d.mobility}`)}
            </td>
            <td data-label={t('device.pointsAt')}>{d.pointsAt || '—'}</td>
            <td data-label={t('device.coverage')}>{d.coverage || '—'}</td>
            <td data-label={t('device.recordsAudio')}>{yesNo(t, d.recordsAudio)}</td>
            <td data-label={t('device.calibration')}>
              {d.calibrationDate || d.calibrationDueDate ? `${formatDate(d.calibrationDate, lang)} → ${formatDate(d.calibrationDueDate, lang)}` : '—'}
            </td>
            <td data-label={t('device.status')}>
              <DeviceStateBadge state={d.state} lastSeenAt={d.lastSeenAt} />
              {d.statusReason && ['retired', 'suspended', 'fault'].includes(d.state) && <span className="muted small"> {statusReasonText(t, d.statusReason)}</span>}
            </td>
            <td data-label={t('common.actions')}>
                {d.kind === 'sensor' ? (
                  <Link className="btn btn-small" to={`/devices/${d.id}/readings`}>
                    {t('sensors.button')}
                  </Link>
                ) : (
                  <Link className="btn btn-small" to={`/devices/${d.id}/media`}>
                    {t('media.button')}
                  </Link>
                )}
                {staff && d.kind === 'camera' && (
                  <Link className="btn btn-small" to={`/devices/${d.id}/analysis`} state={{ openingHours }}>
                    {t('analysis.button')}
                  </Link>
                )}
                {onKeys && d.status !== 'retired' && (
                  <button type="button" className="btn btn-small" onClick={() => onKeys(d)}>
                    {t('credential.button')}
                  </button>
                )}
                {onRetire && d.status !== 'retired' && (
                  <button type="button" className="btn btn-small btn-danger-quiet" onClick={() => onRetire(d)}>
                    {t('device.retire')}
                  </button>
                )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
