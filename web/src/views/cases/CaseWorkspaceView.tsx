import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import './cases.css';
import { Link } from 'react-router';
import { caseStaff, getCase, type CaseWorkspace, type NextAction } from '../../api/cases';
import { ErrorBanner, Notice } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { useApiQuery } from '../../hooks/use-api-query';
import { can, useUser } from '../../hooks/use-session';
import { CaseArchive, ClosingGaps } from './CaseArchive';
import { CaseClocks } from './CaseClocks';
import { CasePayment } from './CasePayment';
import { CaseDeliveries } from './CaseDeliveries';
import { CaseEvidence } from './CaseEvidence';
import { CaseExport } from './CaseExport';
import { PublishDecisionButton } from '../disclosure/PublishDecisionButton';
import { FieldUploads } from '../mobile/FieldUploads';
import { CaseTimeline } from './CaseTimeline';
import { StageForm } from './StageForm';
import { STAGE_FORMS } from './stage-forms';
import { useCaseChanged } from './use-case-changed';
import { RetentionLine } from '../../components/RetentionLine';
import { HoldRequestLink } from '../holds/HoldRequestLink';

/**
 * The case workspace (R8): who and what the case is about, the next acts this user may record (and
 * the rule that stops the others), the running limits, the stages with their documents, the
 * evidence with its review, and everyone who took part. One call loads it; every act answers with
 * the whole workspace again.
 */
export function CaseWorkspaceView({ id }: { id: string }) {
  const { t } = useTranslation();
  const user = useUser();
  const q = useApiQuery(`case:${id}`, (signal) => getCase(id, signal));
  const staff = useApiQuery('case-staff', (signal) => caseStaff(signal));
  const [latest, setLatest] = useState<CaseWorkspace | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const ws = latest && (!q.data || q.data.case.version <= latest.case.version) ? latest : q.data;
  const changed = useCallback((next: CaseWorkspace) => setLatest(next), []);
  const { reload } = q;
  const stale = useCallback(() => {
    setLatest(null);
    reload();
  }, [reload]);
  // Someone else moved the case: reload at once when no form is open; with one open, say so (the
  // form keeps its input, and its submit meets the new version as a conflict that reloads).
  const [newer, setNewer] = useState(0);
  useCaseChanged(id, (e) => {
    if (ws && e.version <= ws.case.version) return;
    if (open) setNewer(e.version);
    else stale();
  });

  if (!ws)
    return q.loading ? (
      <Loading />
    ) : (
      <ErrorBanner error={q.error}>
        {/* Outside one's scope: ask the unit that owns the case for access (调用单). */}
        {q.error?.status === 403 && can(user, 'access.request') && (
          <Link className="btn btn-small" data-testid="request-access" to={`/access-requests/new?kind=case&id=${id}`}>
            {t('accessRequests.apply')}
          </Link>
        )}
      </ErrorBanner>
    );
  const c = ws.case;
  const src = c.sourceRecord as { sourceDetail?: string; summary?: string };
  return (
    <section className="case-ws" data-testid="case-workspace" data-state={c.state} data-version={c.version} data-archived={c.archivedAt ? 'true' : 'false'}>
      <p className="crumbs">
        <Link to="/cases">← {t('cases.ws.back')}</Link>
      </p>
      <header className="card" data-testid="case-header">
        <h1>
          {c.cause} <span className="badge" data-testid="case-state">{t(`cases.state.${c.state}`)}</span> <span className="badge badge-off">{t(`cases.procedure.${c.procedure}`)}</span>
        </h1>
        <div className="retention-with-hold">
          <RetentionLine kind="case" id={c.id} />
          <HoldRequestLink kind="case" id={c.id} label={c.cause} />
        </div>
        <dl className="facts">
          <div>
            <dt>{t('cases.ws.party')}</dt>
            <dd>
              {ws.party ? <Link to={`/businesses/${ws.party.id}`}>{ws.party.name}</Link> : '—'} · {t(`cases.partyKind.${c.partyKind}`)}
              {ws.party?.creditCode && <span className="muted small"> · {t('cases.ws.creditCode')} {ws.party.creditCode}</span>}
            </dd>
          </div>
          <div>
            <dt>{t('cases.ws.investigators')}</dt>
            <dd>{c.investigators.map((o) => `${o.name}${o.certificateNo ? `(${o.certificateNo})` : ''}`).join('、')}</dd>
          </div>
          <div>
            <dt>{t('cases.ws.source')}</dt>
            <dd>
              {t(`cases.source.${c.source}`)}
              {src.sourceDetail ? ` · ${src.sourceDetail}` : ''}
              {c.flagIds.map((f, i) => (
                <span key={f}>
                  {' '}
                  <Link to={`/flags/${f}`}>
                    {t('cases.ws.flags')} {i + 1}
                  </Link>
                </span>
              ))}
            </dd>
          </div>
          {src.summary && (
            <div>
              <dt>{t('cases.ws.summary')}</dt>
              <dd className="statement">{src.summary}</dd>
            </div>
          )}
        </dl>
        {c.major.length > 0 && (
          <p className="banner banner-warn" data-testid="case-major">
            {t('cases.ws.major', { reasons: c.major.map((m) => `${m.reason}(${m.rule})`).join('、') })}
          </p>
        )}
      </header>
      {notice && <Notice>{notice}</Notice>}
      {newer > c.version && (
        <p className="banner banner-warn" role="status" data-testid="case-newer">
          {t('cases.ws.newer')}{' '}
          <button type="button" className="btn btn-small" onClick={stale}>
            {t('cases.ws.reload')}
          </button>
        </p>
      )}
      {q.error && <ErrorBanner error={q.error} />}
      <NextActions actions={ws.nextActions} onOpen={(k) => {
          setNotice(null);
          setOpen(k);
        }} />
      {open && (
        <StageForm
          key={open}
          ws={ws}
          kind={open}
          staff={staff.data?.items ?? []}
          onClose={() => setOpen(null)}
          onStale={stale}
          onDone={(next) => {
            setOpen(null);
            setNotice(t('cases.ws.saved', { stage: t(`cases.stage.${open}`) }));
            changed(next);
          }}
        />
      )}
      {(ws.archive || ws.archiving) && <CaseArchive ws={ws} onChanged={changed} onStale={stale} />}
      {ws.closing && <ClosingGaps ws={ws} />}
      <div className="case-grid">
        <div>
          {ws.payment && <CasePayment ws={ws} onChanged={changed} onStale={stale} />}
          <CaseClocks ws={ws} onChanged={changed} onStale={stale} />
          <CaseTimeline stages={ws.timeline} />
          <CaseDeliveries ws={ws} onServed={stale} />
        </div>
        <div>
          <CaseEvidence ws={ws} onChanged={changed} onStale={stale} />
          <Participants ws={ws} />
          <CaseExport caseId={c.id} />
          {c.decidedAt && <PublishDecisionButton caseId={c.id} />}
        </div>
      </div>
      <FieldUploads target={{ kind: 'case', id: c.id }} partyName={ws.party?.name ?? '—'} officers={c.investigators} />
    </section>
  );
}

/** The acts this user may record now as buttons; the others greyed, each with the rule that stops it. */
function NextActions({ actions, onOpen }: { actions: NextAction[]; onOpen(kind: string): void }) {
  const { t } = useTranslation();
  const allowed = actions.filter((a) => a.allowed && STAGE_FORMS[a.kind]);
  const blocked = actions.filter((a) => !a.allowed);
  return (
    <section className="card" data-testid="case-actions">
      <h2>{t('cases.ws.actions')}</h2>
      {actions.length === 0 && <p className="muted">{t('cases.ws.noActions')}</p>}
      <p className="actions-start">
        {allowed.map((a) => (
          <button key={a.kind} type="button" className="btn btn-primary" data-action={a.kind} onClick={() => onOpen(a.kind)}>
            {t(`cases.stage.${a.kind}`, { defaultValue: a.zh })}
          </button>
        ))}
      </p>
      {blocked.length > 0 && (
        <div>
          <h3 className="small muted">{t('cases.ws.notAllowed')}</h3>
          <ul className="case-blocked">
            {blocked.map((a) => (
              <li key={a.kind} data-testid="blocked-action" data-action={a.kind}>
                <button type="button" className="btn btn-small" disabled aria-describedby={`why-${a.kind}`}>
                  {t(`cases.stage.${a.kind}`, { defaultValue: a.zh })}
                </button>{' '}
                <span id={`why-${a.kind}`} className="small muted">
                  {a.refusal?.message} {a.refusal?.rule && `(${a.refusal.rule})`}
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

function Participants({ ws }: { ws: CaseWorkspace }) {
  const { t } = useTranslation();
  return (
    <section className="card" data-testid="case-participants">
      <h2>{t('cases.ws.participantsTitle')}</h2>
      {ws.participants.length === 0 ? (
        <p className="muted">{t('cases.ws.noParticipants')}</p>
      ) : (
        <ul>
          {ws.participants.map((p, i) => (
            <li key={`${p.stageId}-${i}`}>
              {p.name} · {p.role} <span className="muted small">({t(`cases.stage.${p.stage}`, { defaultValue: p.stage })})</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
