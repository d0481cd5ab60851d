import { useParams } from 'react-router';
import { BusinessEditView } from '../views/businesses/BusinessEditView';

export function BusinessEditPage() {
  const { id = '' } = useParams();
  return <BusinessEditView id={id} />;
}
