import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getReference, referenceUrl, relearnReference } from '../../api/analysis';
import { ErrorBanner, Notice } from '../../components/ErrorBanner';
import { ReasonDialog } from '../../components/ReasonDialog';
import { useApiQuery } from '../../hooks/use-api-query';
import { can, useUser } from '../../hooks/use-session';
import { formatDateTime } from '../businesses/labels';

/** The scene the analyzer compares against to notice a moved camera; relearned (with a reason) when it was moved on purpose. */
export function ReferencePanel({ deviceId }: { deviceId: string }) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const q = useApiQuery(`reference:${deviceId}`, (signal) => getReference(deviceId, signal));
  const [asking, setAsking] = useState(false);
  const missing = q.error?.status === 404;
  const ref = q.data;
  const mayRelearn = can(user, 'analysis.write');

  return (
    <section className="card" data-testid="reference">
      <h2>{t('analysis.reference')}</h2>
      <p className="muted small">{t('analysis.referenceHint')}</p>
      {!missing && <ErrorBanner error={q.error} />}
      {missing && <p className="muted">{t('analysis.noReference')}</p>}
      {ref && (
        <>
          <img className="reference-img" src={referenceUrl(deviceId, ref.capturedAt)} alt={t('analysis.referenceAlt')} width={ref.width} height={ref.height} />
          <p className="small muted">{t('analysis.referenceAt', { at: formatDateTime(ref.capturedAt, i18n.language), width: ref.width, height: ref.height })}</p>
        </>
      )}
      {ref?.relearnRequestedAt && <Notice>{t('analysis.relearnRequested', { at: formatDateTime(ref.relearnRequestedAt, i18n.language) })}</Notice>}
      {mayRelearn && ref && (
        <button type="button" className="btn" onClick={() => setAsking(true)}>
          {t('analysis.relearn')}
        </button>
      )}
      {asking && (
        <ReasonDialog
          title={t('analysis.relearnTitle')}
          hint={t('analysis.relearnHint')}
          confirmLabel={t('analysis.relearn')}
          onConfirm={async (reason) => {
            await relearnReference(deviceId, reason);
            q.reload();
          }}
          onClose={() => setAsking(false)}
        />
      )}
    </section>
  );
}
