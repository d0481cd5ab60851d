import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { listRules, snapshotUrl, type Rule } from '../../api/analysis';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner, Notice } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { useApiQuery } from '../../hooks/use-api-query';
import { canEditRegistry, useUser } from '../../hooks/use-session';
import { CannotDetectNote } from './CannotDetectNote';
import { PictureFrame } from './PictureFrame';
import { ReferencePanel } from './ReferencePanel';
import { RuleCard } from './RuleCard';
import { RuleForm } from './RuleForm';
import { useImage } from './use-image';
import { ZoneOverlay } from './ZoneOverlay';

/** One camera's analysis rules (R4): its current picture, the zones drawn on it, and what the model cannot see. */
export function DeviceAnalysisView({ deviceId, openingHours }: { deviceId: string; openingHours?: string }) {
  const { t } = useTranslation();
  const user = useUser();
  const editor = canEditRegistry(user);
  const [stamp, setStamp] = useState(() => Date.now());
  const image = useImage(snapshotUrl(deviceId, stamp));
  const q = useApiQuery(`rules:${deviceId}`, (signal) => listRules(deviceId, signal));
  const [editing, setEditing] = useState<'new' | string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [saved, setSaved] = useState<Rule | null>(null);
  const rules = q.data?.rules ?? [];

  const picture = (children?: ReactNode) => (
    <PictureFrame image={image} alt={t('analysis.pictureAlt')} missingLabel={t('analysis.noPicture')}>
      {children}
    </PictureFrame>
  );
  const onConflict = () => {
    setConflict(true);
    setSaved(null);
    setEditing(null);
    q.reload();
  };
  const onSaved = (r: Rule) => {
    setSaved(r);
    setConflict(false);
    setEditing(null);
    q.reload();
  };
  const form = (rule?: Rule) => (
    <RuleForm key={rule ? `${rule.id}:${rule.version}` : 'new'} deviceId={deviceId} rule={rule} picture={picture()} openingHours={openingHours} modelLabels={q.data?.model.labels} takenNames={(q.data?.rules ?? []).filter((r) => r.id !== rule?.id).map((r) => r.name)} onSaved={onSaved} onConflict={onConflict} onCancel={() => setEditing(null)} />
  );

  return (
    <section className="analysis">
      <p className="crumbs">
        <Link to={`/devices/${deviceId}/media`}>← {t('analysis.back')}</Link>
      </p>
      <h1>{t('analysis.title')}</h1>
      <p className="muted">{t('analysis.intro')}</p>
      <CannotDetectNote model={q.data?.model} />

      <div className="analysis-top">
        <section className="card" data-testid="snapshot">
          <div className="section-head">
            <h2>{t('analysis.picture')}</h2>
            <button type="button" className="btn btn-small" onClick={() => setStamp(Date.now())}>
              {t('analysis.refreshPicture')}
            </button>
          </div>
          {picture(<ZoneOverlay zones={rules.filter((r) => r.definition.zone).map((r) => ({ key: r.id, points: r.definition.zone!, muted: !r.enabled }))} />)}
          {image.status === 'missing' && <EmptyState title={t('analysis.noPicture')} hint={t('analysis.noPictureHint')} />}
        </section>
        <ReferencePanel deviceId={deviceId} />
      </div>

      <section className="card">
        <div className="section-head">
          <h2>{t('analysis.rules')}</h2>
          {editor && editing === null && (
            <button type="button" className="btn btn-primary" onClick={() => (setEditing('new'), setSaved(null), setConflict(false))}>
              + {t('analysis.addRule')}
            </button>
          )}
        </div>
        {conflict && (
          <div className="banner banner-error" role="alert" data-testid="rule-conflict">
            <p>{t('analysis.conflict')}</p>
          </div>
        )}
        {saved && <Notice>{t('analysis.saved', { version: saved.version })}</Notice>}
        <ErrorBanner error={q.error}>
          <button type="button" className="btn" onClick={q.reload}>
            {t('common.retry')}
          </button>
        </ErrorBanner>
        {editing === 'new' && form()}
        {!q.data ? (
          q.loading && <Loading />
        ) : rules.length === 0 ? (
          editing !== 'new' && <EmptyState title={t('analysis.noRules')} hint={t('analysis.noRulesHint')} />
        ) : (
          <ul className="rule-list" data-testid="rule-list">
            {rules.map((r) =>
              editing === r.id ? (
                <li key={r.id}>{form(r)}</li>
              ) : (
                <RuleCard key={r.id} rule={r} image={image} onEdit={editor ? () => (setEditing(r.id), setSaved(null), setConflict(false)) : undefined} onChanged={onSaved} onConflict={onConflict} />
              ),
            )}
          </ul>
        )}
      </section>
    </section>
  );
}
