import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DISMISS_REASONS, getPrecision } from '../../api/review';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { useApiQuery } from '../../hooks/use-api-query';
import { flagTypeLabel } from '../analysis/rule-labels';
import { Link } from 'react-router';
import { can, useUser } from '../../hooks/use-session';
import './review.css';
import { shiftDay, zoneDay, zoneDayStart } from '../../format/datetime';


/** For managers (R5, R13): per rule version and tamper type, decisions and precision; overdue flags per unit. */
export function ReviewStatsView() {
  const { t } = useTranslation();
  const user = useUser();
  const [from, setFrom] = useState(zoneDay(new Date(Date.now() - 30 * 86400_000)));
  const [to, setTo] = useState(zoneDay(new Date()));
  const start = new Date(zoneDayStart(from));
  const end = new Date(zoneDayStart(shiftDay(to, 1)));
  const q = useApiQuery(`precision:${from}:${to}`, (signal) => getPrecision(start.toISOString(), end.toISOString(), signal));
  const pct = (p: number | null) => (p === null ? '—' : `${Math.round(p * 1000) / 10}%`);

  return (
    <section className="review-stats">
      <h1>{t('review.statsTitle')}</h1>
      <p className="muted">{t('review.statsIntro')}</p>
      {/* The heads' sampling audits (R13) live beside their statistics: the bar has no room left at 1366 px. */}
      {can(user, 'sampling.audit') && (
        <p className="small">
          <Link to="/sampling" data-testid="sampling-link">
            {t('sampling.title')} →
          </Link>
        </p>
      )}
      <div className="filters">
        <label>
          {t('review.from')} <input type="date" name="from" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t('review.to')} <input type="date" name="to" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
      </div>
      <ErrorBanner error={q.error} />
      {!q.data ? (
        q.loading && <Loading />
      ) : (
        <>
          <section className="card">
            <h2>{t('review.precisionTitle')}</h2>
            {q.data.rows.length === 0 ? (
              <EmptyState title={t('review.noDecisions')} />
            ) : (
              <div className="table-wrap">
                <table className="table dense" data-testid="precision">
                  <thead>
                    <tr>
                      <th>{t('review.ruleOrType')}</th>
                      <th>{t('review.status.confirmed')}</th>
                      {DISMISS_REASONS.map((r) => (
                        <th key={r}>{t(`review.reasons.${r}`)}</th>
                      ))}
                      <th>{t('review.precision')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {q.data.rows.map((r) => (
                      <tr key={`${r.type}:${r.rule?.id ?? ''}:${r.rule?.version ?? ''}`}>
                        <td>{r.rule ? `${r.rule.name} · ${t('flags.ruleVersion', { version: r.rule.version })} · ${flagTypeLabel(t, r.type)}` : flagTypeLabel(t, r.type)}</td>
                        <td className="num">{r.confirmed}</td>
                        {DISMISS_REASONS.map((k) => (
                          <td key={k} className="num">
                            {r.dismissed[k]}
                          </td>
                        ))}
                        <td className={`num${r.precision !== null && r.precision < 0.5 ? ' countdown-overdue' : ''}`}>{pct(r.precision)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <section className="card">
            <h2>{t('review.overdueTitle')}</h2>
            {q.data.overdue.length === 0 ? (
              <p className="muted">{t('review.noOverdue')}</p>
            ) : (
              <table className="table dense" data-testid="overdue-by-unit">
                <thead>
                  <tr>
                    <th>{t('review.unit')}</th>
                    <th>{t('review.escalatedInPeriod')}</th>
                    <th>{t('review.openOverdue')}</th>
                  </tr>
                </thead>
                <tbody>
                  {q.data.overdue.map((o) => (
                    <tr key={o.agencyId}>
                      <td>{o.agencyName}</td>
                      <td className="num">{o.escalated}</td>
                      <td className="num countdown-overdue">{o.openOverdue}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
    </section>
  );
}
