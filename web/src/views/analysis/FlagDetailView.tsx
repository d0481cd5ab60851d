import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { flagClipUrl, flagSnapshotUrl, getFlag, type Flag } from '../../api/analysis';
import { flagClipExportPath, flagSnapshotExportPath } from '../../api/exports';
import { ErrorBanner } from '../../components/ErrorBanner';
import { ExportButton } from '../../components/ExportButton';
import { Loading } from '../../components/Loading';
import { StatusBadge } from '../../components/StatusBadge';
import { useApiQuery } from '../../hooks/use-api-query';
import { useFlagChanged } from '../../hooks/use-live';
import { formatDateTime } from '../businesses/labels';
import { ClipCoverage } from './ClipCoverage';
import { FlagEvidence } from './FlagEvidence';
import { SensorFlagEvidence } from '../sensors/SensorFlagEvidence';
import { FlagFindingPanel } from '../review/FlagFindingPanel';
import { FlagReviewPanel } from '../review/FlagReviewPanel';
import { FlagCasePanel } from '../cases/FlagCasePanel';
import { flagTypeLabel, summarize } from './rule-labels';

/** One flag: the annotated picture, the evidence clip, the rule and model behind it, and why it fired. */
export function FlagDetailView({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const q = useApiQuery(`flag:${id}`, (signal) => getFlag(id, signal));
  useFlagChanged((e) => e.id === id && q.reload());
  const f = q.data;
  const lang = i18n.language;
  // The newest version, unless the officer chose an earlier one; a new version of an ongoing
  // event's clip then takes the player's place.
  const [pinned, setPinned] = useState<number | null>(null);
  const shown = f?.clips.find((c) => c.version === pinned) ?? f?.clips.at(-1) ?? null;

  return (
    <section className="flag-detail">
      <p className="crumbs">
        <Link to="/flags">← {t('flags.back')}</Link>
      </p>
      <ErrorBanner error={q.error?.status === 404 ? t('flags.notFound') : q.error} />
      {!f ? (
        q.loading && <Loading />
      ) : (
        <>
          <h1>
            {flagTypeLabel(t, f.type)} <StatusBadge status={f.state === 'active' ? 'fault' : 'retired'} label={t(`flags.states.${f.state}`)} />
          </h1>
          <p className="muted">
            {f.businessName} · {f.siteName} · {f.deviceName} · {formatDateTime(f.startedAt, lang)} → {f.endedAt ? formatDateTime(f.endedAt, lang) : t('flags.ongoing')}
          </p>
          <p>
            <Link className="btn" to={`/devices/${f.deviceId}/${f.source === 'sensor' ? 'readings' : 'media'}`}>
              {t('flags.viewDevice')}
            </Link>
          </p>
          <FlagReviewPanel flag={f} />
          <FlagCasePanel flag={f} />
          <FlagFindingPanel flagId={f.id} confirmed={f.reviewStatus === 'confirmed'} />
          {f.source === 'sensor' && f.detail.readings ? (
            <SensorFlagEvidence evidence={f.detail.readings} endedAt={f.endedAt} />
          ) : (
          <div className="analysis-top">
            <section className="card">
              <h2>{t('flags.snapshot')}</h2>
              {f.hasSnapshot ? <img className="flag-snapshot" src={flagSnapshotUrl(f.id)} alt={t('flags.snapshotAlt')} /> : <p className="muted">{t('flags.noThumb')}</p>}
              {f.hasSnapshot && <ExportButton path={flagSnapshotExportPath(f.id)} label={t('watermark.exportSnapshot')} />}
            </section>
            <section className="card" data-testid="flag-clip">
              <h2>{t('flags.clip')}</h2>
              {f.evidenceStatus === 'ready' && shown ? (
                <>
                  <video className="flag-video" controls playsInline preload="metadata" src={shown.url} />
                  <ClipCoverage flag={f} shown={shown} onShow={(c) => setPinned(c.version)} />
                  <ExportButton path={flagClipExportPath(f.id, shown.version)} label={t('watermark.exportClip')} />
                </>
              ) : f.evidenceStatus === 'ready' ? (
                <>
                  <video className="flag-video" controls playsInline preload="metadata" src={flagClipUrl(f.id)} />
                  <ExportButton path={flagClipExportPath(f.id)} label={t('watermark.exportClip')} />
                </>
              ) : f.evidenceStatus === 'pending' ? (
                <p className="loading" role="status">
                  <span className="spinner" aria-hidden="true" />
                  {t('flags.clipPending')}
                </p>
              ) : (
                <p className="muted">{t('flags.clipUnavailable')}</p>
              )}
            </section>
          </div>
          )}
          <Why flag={f} />
          <section className="card">
            <h2>{t('flags.rule')}</h2>
            {f.rule ? (
              <p>
                <strong>{f.rule.name}</strong> · {t(`analysis.kinds.${f.rule.kind}`, { defaultValue: f.rule.kind })} · {t('flags.ruleVersion', { version: f.rule.version })}
                <br />
                <span className="small">{summarize(t, f.rule.definition)}</span>
              </p>
            ) : (
              <p className="muted">{t('flags.noRule')}</p>
            )}
            <h3>{t('flags.model')}</h3>
            {f.model ? (
              <p>
                {f.model.name} {f.model.version} · <span className="hash" title={f.model.sha256}>SHA-256 {f.model.sha256.slice(0, 12)}…</span>
              </p>
            ) : (
              <p className="muted">{t('flags.noModel')}</p>
            )}
            {f.analyzer && (
              <p className="small muted">
                {t('flags.analyzer')}: {f.analyzer}
              </p>
            )}
          </section>
          <FlagEvidence flag={f} />
        </>
      )}
    </section>
  );
}

function Why({ flag: f }: { flag: Flag }) {
  const { t, i18n } = useTranslation();
  const d = f.detail ?? {};
  const rows: [string, string][] = [
    ...(f.peakScore !== null ? [[t('flags.score'), f.peakScore.toFixed(2)] as [string, string]] : []),
    ...(d.count !== undefined ? [[t('flags.count'), String(d.count)] as [string, string]] : []),
    ...(d.dwellS !== undefined ? [[t('flags.dwell'), t('flags.seconds', { n: Math.round(d.dwellS * 10) / 10 })] as [string, string]] : []),
    ...(d.durationS !== undefined ? [[t('flags.duration'), t('flags.seconds', { n: Math.round(d.durationS * 10) / 10 })] as [string, string]] : []),
    ...(f.peakAt ? [[t('flags.peakAt'), formatDateTime(f.peakAt, i18n.language)] as [string, string]] : []),
    ...Object.entries(d.metrics ?? {}).map(([k, v]) => [t(`flags.metricNames.${k}`, { defaultValue: `${t('flags.metrics')}: ${k}` }), String(Math.round(v * 1000) / 1000)] as [string, string]),
  ];
  return (
    <section className="card" data-testid="flag-why">
      <h2>{t('flags.why')}</h2>
      {d.reason && <p>{i18n.language === 'en' ? d.reason.en : d.reason.zh}</p>}
      <dl className="facts">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      {d.boxes && d.boxes.length > 0 && (
        <p className="small">
          {t('flags.boxes')}: {d.boxes.map((b) => `${t(`analysis.labels.${b.label}`, { defaultValue: b.label })} ${b.score.toFixed(2)}`).join(t('analysis.listSep'))}
        </p>
      )}
    </section>
  );
}
