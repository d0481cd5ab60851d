import { useTranslation } from 'react-i18next';
import type { DeviceState } from '../../../core/devices/device-state';
import { formatDateTime } from '../views/businesses/labels';

const TONE: Record<DeviceState, 'ok' | 'warn' | 'bad' | 'off'> = {
  online: 'ok',
  offline: 'bad',
  never_online: 'warn',
  not_installed: 'warn',
  pending_consent: 'warn',
  suspended: 'warn',
  fault: 'bad',
  retired: 'off',
};

/** A device's one state (the API derives it in core/devices/device-state.ts), the same on every page. */
export function DeviceStateBadge({ state, lastSeenAt }: { state: DeviceState; lastSeenAt?: string | null }) {
  const { t, i18n } = useTranslation();
  return (
    <span className="device-state" data-testid="device-state" data-state={state}>
      <span className={`badge badge-${TONE[state]}`} title={t(`sensors.stateHint.${state}`)}>
        {t(`sensors.state.${state}`)}
      </span>
      {lastSeenAt && state !== 'online' && <span className="muted small"> {t('sensors.lastSeen', { at: formatDateTime(lastSeenAt, i18n.language) })}</span>}
    </span>
  );
}
