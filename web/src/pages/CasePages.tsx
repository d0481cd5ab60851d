import { useParams } from 'react-router';
import { CaseWorkspaceView } from '../views/cases/CaseWorkspaceView';

export { CaseListView as CaseListPage } from '../views/cases/CaseListView';
export { ApprovalQueueView as CaseApprovalsPage, ReviewQueueView as CaseReviewsPage } from '../views/cases/CaseQueuesView';
export { ArchiveQueueView as CaseArchivePage } from '../views/cases/ArchiveQueueView';

export function CaseWorkspacePage() {
  const { id = '' } = useParams();
  return <CaseWorkspaceView key={id} id={id} />;
}
