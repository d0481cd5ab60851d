import { useParams } from 'react-router';
import { FindingDetailView } from '../views/portal/FindingDetailView';
import { FindingListView } from '../views/portal/FindingListView';
import { PartyCaseListView } from '../views/portal/cases/PartyCaseListView';
import { PartyCaseView } from '../views/portal/cases/PartyCaseView';

export const PortalFindingListPage = () => <FindingListView />;

export function PortalFindingDetailPage() {
  const { id = '' } = useParams();
  return <FindingDetailView key={id} id={id} />;
}

/** 我的案件 (issue 14 item 3): the party's cases and one case's page. */
export const PortalCaseListPage = () => <PartyCaseListView />;

export function PortalCaseDetailPage() {
  const { id = '' } = useParams();
  return <PartyCaseView key={id} id={id} />;
}
