import { useParams } from 'react-router';
import { ConsentDetailView } from '../views/consents/ConsentDetailView';
import { ConsentListView } from '../views/consents/ConsentListView';
import { ConsentNewView } from '../views/consents/ConsentNewView';
import { CoverageView } from '../views/consents/CoverageView';
import { MailboxView } from '../views/consents/MailboxView';
import { VerifyView } from '../views/consents/VerifyView';
import { DeviceMediaView } from '../views/media/DeviceMediaView';
import { SensorReadingsView } from '../views/sensors/SensorReadingsView';

export const ConsentListPage = () => <ConsentListView />;
export const ConsentNewPage = () => <ConsentNewView />;
export const CoveragePage = () => <CoverageView />;
export const MailboxPage = () => <MailboxView />;

export function ConsentDetailPage() {
  const { id = '' } = useParams();
  return <ConsentDetailView key={id} id={id} />;
}

export function VerifyPage() {
  const { ref = '' } = useParams();
  return <VerifyView key={ref} reference={ref} />;
}

export function SensorReadingsPage() {
  const { id = '' } = useParams();
  return <SensorReadingsView key={id} deviceId={id} />;
}

export function DeviceMediaPage() {
  const { id = '' } = useParams();
  return <DeviceMediaView key={id} deviceId={id} />;
}
