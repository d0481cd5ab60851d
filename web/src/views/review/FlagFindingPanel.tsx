import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getFlagFinding, type FindingDetail } from '../../api/findings';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useApiQuery } from '../../hooks/use-api-query';
import { useFlagChanged } from '../../hooks/use-live';
import { formatTime } from '../portal/deadline';
import { DeliveryTrail } from '../portal/DeliveryTrail';
import { FindingAnswer } from '../portal/FindingAnswer';
import { FindingStatusBadge } from '../portal/FindingStatus';
import { FindingOutcome } from '../portal/FindingOutcome';
import { FindingSteps } from '../portal/FindingSteps';
import { useFindingChanged } from '../portal/use-finding-changed';
import { FindingDecisionPanel } from '../findings/FindingDecisionPanel';

/**
 * For the officer: the business's answer to a confirmed flag (R6), what he may do with it now
 * (answer a dispute, refer for case filing), the finding's steps and how the business was told. Live.
 */
export function FlagFindingPanel({ flagId, confirmed }: { flagId: string; confirmed: boolean }) {
  const { t, i18n } = useTranslation();
  // Only a confirmed flag has a finding: nothing is asked (and no 404 logged) before.
  const q = useApiQuery(confirmed ? `flag-finding-${flagId}` : null, (signal) => getFlagFinding(flagId, signal));
  const [decided, setDecided] = useState<FindingDetail | null>(null);
  useFindingChanged(() => {
    setDecided(null);
    q.reload();
  }, (e) => e.flagId === flagId);
  // Confirmation opens the finding: look again when this flag changes.
  useFlagChanged((e) => e.id === flagId && q.reload());
  const f = decided && (!q.data || q.data.version <= decided.version) ? decided : q.data;
  if (!confirmed || q.error?.status === 404) return null; // not confirmed yet: the business has not been told
  const time = (iso: string | null) => (iso ? formatTime(iso, i18n.language) : '—');
  return (
    <section className="card" data-testid="flag-finding">
      <h2>{t('portal.officerTitle')}</h2>
      <ErrorBanner error={q.error} />
      {f && (
        <>
          <p>
            <FindingStatusBadge status={f.status} /> <span className="muted small">{t('portal.respondBy')} {time(f.respondBy)}</span>
          </p>
          {f.respondedAt && (
            <div data-testid="finding-answer">
              <p className="small muted">{time(f.respondedAt)}</p>
              <FindingAnswer finding={f} />
            </div>
          )}
          <FindingOutcome finding={f} />
          <FindingDecisionPanel finding={f} onChanged={setDecided} />
          <h3>{t('dispute.steps')}</h3>
          <FindingSteps steps={f.steps} />
          <h3>{t('portal.trail')}</h3>
          <DeliveryTrail deliveries={f.deliveries} />
        </>
      )}
    </section>
  );
}
