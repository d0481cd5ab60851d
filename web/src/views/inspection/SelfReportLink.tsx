import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { InspectionItem } from '../../api/inspection';

/** The self-inspection report a document-review result rests on (002 §14), linked: its period, and whether it closed the routine check. */
export function SelfReportLink({ item }: { item: InspectionItem }) {
  const { t } = useTranslation();
  if (!item.selfReportId) return null;
  const r = item.selfReport;
  return (
    <span data-testid="inspection-self-report">
      {' · '}
      <Link to={`/self-reports/${item.selfReportId}`}>{r ? t('inspection.record.selfReportLink', { period: r.periodKey }) : t('inspection.record.selfReportLinkBare')}</Link>
      {r?.routineCheckClosed && <span className="muted"> ({t('inspection.record.routineCheckClosed')})</span>}
    </span>
  );
}
