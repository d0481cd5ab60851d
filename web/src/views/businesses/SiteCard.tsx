import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { archiveSite, retireDevice } from '../../api/registry';
import type { Device, Site } from '../../api/types';
import { ReasonDialog } from '../../components/ReasonDialog';
import { StatusBadge } from '../../components/StatusBadge';
import { DeviceForm } from './DeviceForm';
import { DeviceTable } from './DeviceTable';
import { CredentialDialog } from '../consents/CredentialDialog';
import { useUser } from '../../hooks/use-session';

type Props = { site: Site & { devices: Device[] }; editable: boolean; onChanged(): void };

export function SiteCard({ site, editable, onChanged }: Props) {
  const { t } = useTranslation();
  const [addingDevice, setAddingDevice] = useState(false);
  const [archiving, setArchiving] = useState(false);
  const [retiring, setRetiring] = useState<Device | null>(null);
  const [keys, setKeys] = useState<Device | null>(null);
  const mayKey = ['officer', 'admin', 'business'].includes(useUser().role);
  const canEdit = editable && site.status === 'active';

  return (
    <div className="site">
      <div className="section-head">
        <h3>
          {site.name} <StatusBadge status={site.status} label={t(`status.${site.status}`)} />
        </h3>
        {canEdit && (
          <div className="actions">
            {!addingDevice && (
              <button type="button" className="btn" onClick={() => setAddingDevice(true)}>
                + {t('device.add')}
              </button>
            )}
            <button type="button" className="btn btn-danger-quiet" onClick={() => setArchiving(true)}>
              {t('site.archive')}
            </button>
          </div>
        )}
      </div>
      <p className="muted">
        {site.address}
        {site.openingHours && ` · ${t('site.openingHours')}: ${site.openingHours}`}
        {site.archiveReason && ` · ${t('common.reason')}: ${site.archiveReason}`}
      </p>
      {addingDevice && (
        <DeviceForm
          siteId={site.id}
          onCancel={() => setAddingDevice(false)}
          onDone={() => {
            setAddingDevice(false);
            onChanged();
          }}
        />
      )}
      {site.devices.length === 0 ? <p className="muted small">{t('device.empty')}</p> : <DeviceTable devices={site.devices} openingHours={site.openingHours} onRetire={canEdit ? setRetiring : undefined} onKeys={mayKey && site.status === 'active' ? setKeys : undefined} />}
      {keys && <CredentialDialog device={keys} onClose={() => setKeys(null)} />}

      {archiving && (
        <ReasonDialog
          title={`${t('site.archiveTitle')}:${site.name}`}
          confirmLabel={t('site.archive')}
          onConfirm={async (reason) => {
            await archiveSite(site.id, reason);
            onChanged();
          }}
          onClose={() => setArchiving(false)}
        />
      )}
      {retiring && (
        <ReasonDialog
          title={`${t('device.retireTitle')}:${retiring.name}`}
          confirmLabel={t('device.retire')}
          onConfirm={async (reason) => {
            await retireDevice(retiring.id, reason);
            onChanged();
          }}
          onClose={() => setRetiring(null)}
        />
      )}
    </div>
  );
}
