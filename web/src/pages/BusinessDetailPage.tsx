import { useParams } from 'react-router';
import { BusinessDetailView } from '../views/businesses/BusinessDetailView';

export function BusinessDetailPage() {
  const { id = '' } = useParams();
  return <BusinessDetailView key={id} id={id} />;
}
