import { useParams } from 'react-router';
import { ServiceAddressesView } from '../views/service-addresses/ServiceAddressesView';

export function ServiceAddressesPage() {
  const { id = '' } = useParams();
  return <ServiceAddressesView key={id} businessId={id} />;
}
