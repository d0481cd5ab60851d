import { useParams } from 'react-router';
import { PublicDisclosureView } from '../views/disclosure/PublicDisclosureView';
import { PublicPublicationView } from '../views/disclosure/PublicPublicationView';

/** The public pages of disclosure (R15), outside the login. */
export function PublicDecisionsPage() {
  return <PublicDisclosureView tab="decisions" />;
}

export function PublicDevicesPage() {
  return <PublicDisclosureView tab="devices" />;
}

export function PublicPublicationPage() {
  const { ref = '' } = useParams();
  return <PublicPublicationView key={ref} reference={ref} />;
}
