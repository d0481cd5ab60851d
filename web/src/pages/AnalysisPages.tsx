import { useLocation, useParams } from 'react-router';
import { DeviceAnalysisView } from '../views/analysis/DeviceAnalysisView';
import { FlagDetailView } from '../views/analysis/FlagDetailView';
import { FlagListView } from '../views/analysis/FlagListView';

export function DeviceAnalysisPage() {
  const { id = '' } = useParams();
  // The device table passes its site's opening hours along, for the schedule's "fill from opening hours".
  const state = useLocation().state as { openingHours?: string } | null;
  return <DeviceAnalysisView key={id} deviceId={id} openingHours={state?.openingHours} />;
}

export const FlagListPage = () => <FlagListView />;

export function FlagDetailPage() {
  const { id = '' } = useParams();
  return <FlagDetailView key={id} id={id} />;
}
