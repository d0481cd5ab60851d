import { useTranslation } from 'react-i18next';
import type { PartyCase } from '../../../api/portal-cases';
import { formatDateTime } from '../../../format/datetime';

const yuan = (fen: number) => (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * The decision: penalty, fine, when it is due (15 days from service, art. 67 — until service is
 * recorded the rule itself, 自送达之日起十五日内) and the late fee (3 % a day, capped at the fine, art. 72).
 */
export function PartyDecision({ c }: { c: PartyCase }) {
  const { t, i18n } = useTranslation();
  const d = c.decision;
  if (!d) return null;
  const p = d.payment;
  return (
    <section className="card" data-testid="party-decision">
      <h2>{t('portalCases.decision.title')}</h2>
      <dl className="portal-facts">
        <dt>{t('portalCases.decision.at')}</dt>
        <dd>{formatDateTime(d.at, i18n.language)}</dd>
        {d.number && (
          <>
            <dt>{t('portalCases.decision.number')}</dt>
            <dd className="mono">{d.number}</dd>
          </>
        )}
        <dt>{t('portalCases.decision.penalty')}</dt>
        <dd>{d.penaltyKinds.map((k) => t(`cases.option.penaltyKind.${k}`, { defaultValue: k })).join('、') || '—'}</dd>
        {p && (
          <>
            <dt>{t('portalCases.decision.fine')}</dt>
            <dd data-testid="decision-fine">¥{yuan(p.fineFen)}</dd>
            <dt>{t('portalCases.decision.due')}</dt>
            <dd data-testid="decision-due">{p.dueAt ? t('portalCases.decision.dueAt', { time: formatDateTime(p.dueAt, i18n.language) }) : t('portalCases.decision.dueRule', { text: p.dueText, basis: p.basis })}</dd>
            <dt>{t('portalCases.decision.lateFee')}</dt>
            <dd data-testid="decision-late-fee">
              {p.lateFee && p.lateFee.daysLate > 0 ? `${t('portalCases.decision.lateFeeDays', { days: p.lateFee.daysLate, amount: yuan(p.lateFee.feeFen) })}${p.lateFee.capped ? t('portalCases.decision.lateFeeCapped') : ''}` : t('portalCases.decision.lateFeeNone')}
              <span className="muted small" style={{ display: 'block' }}>
                {t('portalCases.decision.lateFeeRule', { basis: p.lateFeeBasis })}
              </span>
            </dd>
          </>
        )}
      </dl>
      {!p && <p className="muted">{t('portalCases.decision.noFine')}</p>}
    </section>
  );
}
