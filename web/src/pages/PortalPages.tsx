import { useParams } from 'react-router';
import { FindingDetailView } from '../views/portal/FindingDetailView';
import { FindingListView } from '../views/portal/FindingListView';

export const PortalFindingListPage = () => <FindingListView />;

export function PortalFindingDetailPage() {
  const { id = '' } = useParams();
  return <FindingDetailView key={id} id={id} />;
}
