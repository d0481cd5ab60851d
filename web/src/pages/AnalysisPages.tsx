import { useLocation, useParams } from 'react-router';
import { DeviceAnalysisView } from '../views/analysis/DeviceAnalysisView';
import { FlagDetailView } from '../views/analysis/FlagDetailView';
import { TriageQueueView } from '../views/review/TriageQueueView';

export function DeviceAnalysisPage() {
  const { id = '' } = useParams();
  // The device table passes its site's opening hours along, for the schedule's "fill from opening hours".
  const state = useLocation().state as { openingHours?: string } | null;
  return <DeviceAnalysisView key={id} deviceId={id} openingHours={state?.openingHours} />;
}

/** /flags is the officer's triage queue (issue 6); it replaced the plain flag list. */
export const FlagListPage = () => <TriageQueueView />;

export function FlagDetailPage() {
  const { id = '' } = useParams();
  return <FlagDetailView key={id} id={id} />;
}
