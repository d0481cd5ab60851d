import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { flagTypeLabel } from '../analysis/rule-labels';
import { Link } from 'react-router';
import { getFinding, type FindingDetail } from '../../api/findings';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { useApiQuery } from '../../hooks/use-api-query';
import { formatTime } from './deadline';
import { DeliveryTrail } from './DeliveryTrail';
import { FindingAnswer } from './FindingAnswer';
import { FindingOutcome } from './FindingOutcome';
import { FindingSteps } from './FindingSteps';
import { Countdown, FindingStatusBadge } from './FindingStatus';
import { RespondForm } from './RespondForm';
import { useFindingChanged } from './use-finding-changed';

/** One finding for the business: picture, clip, what and when, the deadline; answer it; what was sent. */
export function FindingDetailView({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const q = useApiQuery(`portal-finding-${id}`, (signal) => getFinding(id, signal));
  const [answered, setAnswered] = useState<FindingDetail | null>(null);
  useFindingChanged(q.reload, (e) => e.id === id);
  // The answer just given, until a newer version comes (the officer's decision, live).
  const f = answered && (!q.data || q.data.version <= answered.version) ? answered : q.data;
  useEffect(() => {
    if (f) document.title = `${flagTypeLabel(t, f.type)} · ${t('app.name')}`;
  }, [f, t]);
  const time = (iso: string | null) => (iso ? formatTime(iso, i18n.language) : '—');

  if (q.error && !f) return <ErrorBanner error={q.error.status === 403 || q.error.status === 404 ? t('portal.notFound') : q.error} />;
  if (!f) return <Loading />;
  return (
    <section className="portal">
      <p>
        <Link to="/portal/findings">← {t('portal.back')}</Link>
      </p>
      <div className="page-head">
        <h1>{flagTypeLabel(t, f.type)}</h1>
        <FindingStatusBadge status={f.status} />
      </div>
      <div className="card">
        <dl className="portal-facts">
          <dt>{t('portal.site')}</dt>
          <dd>
            {f.siteName}
            <span className="muted small"> {f.siteAddress}</span>
          </dd>
          <dt>{t('portal.device')}</dt>
          <dd>{f.deviceName}</dd>
          <dt>{t('portal.occurredAt')}</dt>
          <dd>{time(f.occurredAt)}</dd>
          <dt>{t('portal.rule')}</dt>
          <dd>{f.ruleName ?? t('portal.tamperRule')}</dd>
          <dt>{t('portal.agency')}</dt>
          <dd>{f.agencyName}</dd>
          <dt>{t('portal.respondBy')}</dt>
          <dd data-testid="respond-by">
            {time(f.respondBy)} <Countdown respondBy={f.respondBy} status={f.status} />
          </dd>
        </dl>
      </div>
      <div className="card portal-media">
        <h2>{t('portal.evidence')}</h2>
        {f.snapshotUrl ? <img src={f.snapshotUrl} alt={t('portal.snapshotAlt')} className="portal-picture" /> : <p className="muted">{t('portal.noSnapshot')}</p>}
        {f.clipUrl ? <video src={f.clipUrl} controls preload="none" playsInline className="portal-picture" aria-label={t('portal.clip')} /> : <p className="muted">{t('portal.noClip')}</p>}
      </div>
      {f.canRespond && <RespondForm finding={f} onDone={setAnswered} />}
      {!f.canRespond && f.status === 'notified' && <p className="notice-bad">{t('portal.deadlinePassedLong')}</p>}
      {f.respondedAt && (
        <div className="card" data-testid="answer">
          <h2>{t('portal.yourAnswer')}</h2>
          <p>
            {/* What the business answered, whatever the officer did with it since. */}
            <FindingStatusBadge status={f.status === 'confirmed' ? 'confirmed' : 'disputed'} /> <span className="muted small">{time(f.respondedAt)}</span>
          </p>
          <FindingAnswer finding={f} />
        </div>
      )}
      <FindingOutcome finding={f} />
      <div className="card">
        <h2>{t('dispute.steps')}</h2>
        <FindingSteps steps={f.steps} />
      </div>
      <div className="card">
        <h2>{t('portal.trail')}</h2>
        <DeliveryTrail deliveries={f.deliveries} />
      </div>
    </section>
  );
}
