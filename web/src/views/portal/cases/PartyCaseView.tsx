import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { getPartyCase, type PartyCase } from '../../../api/portal-cases';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { Loading } from '../../../components/Loading';
import { formatDateTime } from '../../../format/datetime';
import { useApiQuery } from '../../../hooks/use-api-query';
import { PartyCountdown } from './PartyCountdown';
import { PartyDecision } from './PartyDecision';
import { PartyDocuments } from './PartyDocuments';
import { PartyHearing, PartyHearingNotice } from './PartyHearing';
import { PartyStatementForm } from './PartyStatementForm';

/** One case for the party, on a phone first: documents, clip, statement (with its period), hearing, notice, decision, what it sent. */
export function PartyCaseView({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const q = useApiQuery(`portal-case-${id}`, (signal) => getPartyCase(id, signal));
  const [latest, setLatest] = useState<PartyCase | null>(null);
  const c = latest && (!q.data || q.data.case.version < latest.case.version) ? latest : q.data;
  useEffect(() => {
    if (c) document.title = `${c.case.cause} · ${t('app.name')}`;
  }, [c, t]);
  if (q.error && !c) return <ErrorBanner error={q.error.status === 403 || q.error.status === 404 ? t('portalCases.notFound') : q.error} />;
  if (!c) return <Loading />;
  const time = (iso: string) => formatDateTime(iso, i18n.language);
  const s = c.statement;
  return (
    <section className="portal" data-testid="party-case" data-state={c.case.state} data-version={c.case.version}>
      <p>
        <Link to="/portal/cases">← {t('portalCases.back')}</Link>
      </p>
      <div className="page-head">
        <h1>{c.case.cause}</h1>
        <span className="badge" data-testid="party-case-state">{t(`cases.state.${c.case.state}`)}</span>
      </div>
      <div className="card">
        <dl className="portal-facts">
          <dt>{t('portalCases.agency')}</dt>
          <dd>
            {c.case.agencyName}
            {c.case.agencyPhone && <span className="muted small"> {c.case.agencyPhone}</span>}
          </dd>
          <dt>{t('portalCases.acceptedAt')}</dt>
          <dd>{time(c.case.acceptedAt)}</dd>
        </dl>
      </div>
      <PartyDecision c={c} />
      <PartyDocuments c={c} onChanged={q.reload} />
      {(s.window || c.acts.length > 0) && (
        <section className="card" data-testid="party-statement">
          <h2>{t('portalCases.statement.title')}</h2>
          <p className="muted small">{t('portalCases.statement.rights')}</p>
          {s.window?.dueAt ? (
            <p data-testid="statement-period">
              {t('portalCases.statement.period', { days: s.window.limit.amount, time: time(s.window.dueAt) })} {s.allowed && <PartyCountdown dueAt={s.window.dueAt} testId="statement-countdown" />}
            </p>
          ) : (
            <p className="muted small">{t('portalCases.statement.noPeriod')}</p>
          )}
          {s.allowed ? (
            <PartyStatementForm key={c.case.version} c={c} onDone={setLatest} />
          ) : (
            s.refusal && (
              <p className="muted" data-testid="statement-closed">
                {t('portalCases.statement.closed')} {s.refusal.message}({s.refusal.rule})
              </p>
            )
          )}
        </section>
      )}
      {c.hearing.window && <PartyHearing c={c} onDone={setLatest} />}
      <PartyHearingNotice c={c} />
      <section className="card" data-testid="party-acts">
        <h2>{t('portalCases.acts.title')}</h2>
        {c.acts.length === 0 ? (
          <p className="muted">{t('portalCases.acts.none')}</p>
        ) : (
          <ul className="portal-trail">
            {c.acts.map((a) => (
              <li key={a.id} data-testid="party-act" data-kind={a.kind}>
                <strong>{t(`portalCases.acts.${a.kind}`)}</strong>
                <span className="muted small">
                  {time(a.at)}
                  {a.actorName ? ` · ${a.actorName}` : ''}
                </span>
                {a.statement && <span className="portal-statement">{a.statement}</span>}
                {a.hearingWaived && <span>{t('portalCases.acts.waived')}</span>}
                {a.files.map((f) => (
                  <a key={f.id} href={f.url} target="_blank" rel="noreferrer" className="small">
                    {f.filename}
                  </a>
                ))}
              </li>
            ))}
          </ul>
        )}
      </section>
      <ErrorBanner error={q.error} />
    </section>
  );
}
