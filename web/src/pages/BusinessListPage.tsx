import { BusinessListView } from '../views/businesses/BusinessListView';

export function BusinessListPage() {
  return <BusinessListView />;
}
