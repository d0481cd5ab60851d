import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { creditOf, recomputeCredit, type CreditComputation, type CreditDetail, type CreditRules } from '../../api/credit';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { ReasonDialog } from '../../components/ReasonDialog';
import { formatDate, formatDateTime } from '../../format/datetime';
import { useApiQuery } from '../../hooks/use-api-query';
import { can, useUser } from '../../hooks/use-session';
import './credit.css';

/**
 * 信用等级 (R13; 002 §4): the grade big, what it means for inspections, each input with its value,
 * weight, cap and points (a table, and a bar per input), the rule texts, and the history. The same
 * panel on the business detail page (staff, and the business's own) and the portal page.
 */
export function CreditPanel({ businessId, heading = 'h2' }: { businessId: string; heading?: 'h1' | 'h2' }) {
  const { t } = useTranslation();
  const user = useUser();
  const q = useApiQuery(`credit:${businessId}`, (signal) => creditOf(businessId, signal));
  const [recomputing, setRecomputing] = useState(false);
  const H = heading;
  return (
    <section className="card credit" aria-labelledby="credit-title" data-testid="credit-panel">
      <div className="section-head">
        <H id="credit-title">{t('credit.title')}</H>
        {can(user, 'credit.recompute') && (
          <button type="button" className="btn" onClick={() => setRecomputing(true)}>
            {t('credit.recompute')}
          </button>
        )}
      </div>
      <ErrorBanner error={q.error} />
      {q.loading && !q.data && <Loading />}
      {q.data && <CreditBody d={q.data} />}
      {recomputing && (
        <ReasonDialog
          title={t('credit.recomputeTitle')}
          hint={t('credit.recomputeHint')}
          confirmLabel={t('credit.recompute')}
          onConfirm={async (note) => {
            await recomputeCredit(businessId, note);
            q.reload();
          }}
          onClose={() => setRecomputing(false)}
        />
      )}
    </section>
  );
}

function CreditBody({ d }: { d: CreditDetail }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const en = lang === 'en';
  const c = d.current;
  const th = Object.fromEntries(d.rules.thresholds.map((x) => [x.grade, x.min]));
  return (
    <>
      <p className="muted small">{t('credit.intro', { version: d.rules.version })}</p>
      {!c ? (
        <p>
          <strong>{t('credit.notGraded')}</strong> <span className="muted small">{t('credit.notGradedHint')}</span>
        </p>
      ) : (
        <>
          <div className="credit-summary">
            <div className={`credit-grade credit-grade-${c.grade}`} data-testid="credit-grade" aria-label={t('credit.gradeOf', { grade: c.grade })}>
              {c.grade}
            </div>
            <div>
              <p className="credit-score">
                {t('credit.score')} <strong data-testid="credit-score">{c.score}</strong>
              </p>
              <p className="small">
                <span className="muted">{t('credit.meaning')}{t('credit.colon')}</span>
                {meaningOf(d.rules, c.grade, en)}
              </p>
              <p className="muted small">
                {t('credit.computedAt')} {formatDateTime(c.computedAt, lang)} · {t('credit.window', { from: formatDate(c.windowFrom, lang), to: formatDate(c.windowTo, lang) })}
              </p>
            </div>
          </div>
          {c.override && (
            <p className="notice" role="note">
              {c.override.kind === 'falsified_report'
                ? t('credit.override.falsified_report', { since: formatDate(c.override.since, lang), until: formatDate(c.override.until, lang), grade: c.computedGrade })
                : t('credit.override.short_history', { days: c.override.historyDays, grade: c.computedGrade })}
            </p>
          )}
          <InputsTable c={c} rules={d.rules} />
        </>
      )}
      <p className="muted small">
        {t('credit.thresholds', { a: th.A, b: th.B, c: th.C })} · {d.rules.grades.map((g) => `${g.grade}${t('credit.colon')}${en ? g.en : g.zh}`).join(t('credit.listSep'))}
      </p>
      <p className="muted small">
        {en ? d.rules.falsified.en : d.rules.falsified.zh}
        {t('credit.basisOf', { basis: basisIn(d.rules.falsified.basis, en) })}
        {t('credit.listSep')}
        {en ? d.rules.shortHistory.en : d.rules.shortHistory.zh}
      </p>
      {d.history.length > 0 && <History items={d.history} />}
    </>
  );
}

/** A rule's basis in the UI's language: the seed documents' shorthand 002-音像 reads 002-AV in English (as elsewhere in the English UI). */
const basisIn = (basis: string, en: boolean) => (en ? basis.replaceAll('002-音像', '002-AV') : basis);

const meaningOf = (rules: CreditRules, grade: string, en: boolean) => {
  const g = rules.grades.find((x) => x.grade === grade);
  return g ? (en ? g.en : g.zh) : '';
};

function InputsTable({ c, rules }: { c: CreditComputation; rules: CreditRules }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const sign = (n: number) => (n > 0 ? `+${n}` : String(n));
  return (
    <table className="table stack credit-inputs" data-testid="credit-inputs">
      <caption className="muted small">{t('credit.base', { base: rules.base })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('credit.input')}</th>
          <th scope="col">{t('credit.value')}</th>
          <th scope="col">{t('credit.weight')}</th>
          <th scope="col">{t('credit.points')}</th>
          <th scope="col">{t('credit.rule')}</th>
        </tr>
      </thead>
      <tbody>
        {c.inputs.map((i) => {
          const rule = rules.inputs.find((r) => r.key === i.key);
          const unit = rule?.unit ?? 'count';
          const share = i.cap === 0 ? 0 : Math.min(1, Math.abs(i.points / i.cap));
          return (
            <tr key={i.key} data-input={i.key}>
              <th scope="row" data-label={t('credit.input')}>
                {t(`credit.inputs.${i.key}`, { defaultValue: i.key })}
              </th>
              <td data-label={t('credit.value')}>{i.value === null ? <span className="muted">{t('credit.noFacts')}</span> : t(`credit.units.${unit}`, { n: i.value })}</td>
              <td data-label={t('credit.weight')}>
                {sign(i.weight)}
                {unit === 'percent' ? ` / 1%` : ''} <span className="muted small">({t('credit.cap')} {sign(i.cap)})</span>
              </td>
              <td data-label={t('credit.points')} className="credit-points">
                <span className={`credit-bar ${i.points < 0 ? 'credit-bar-minus' : 'credit-bar-plus'}`} style={{ width: `${Math.round(share * 100)}%` }} aria-hidden="true" />
                <span>{sign(i.points)}</span>
              </td>
              <td data-label={t('credit.rule')} className="small">
                {rule ? (en ? rule.en : rule.zh) : ''}
                {rule && <span className="muted">{t('credit.basisOf', { basis: basisIn(rule.basis, en) })}</span>}
              </td>
            </tr>
          );
        })}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{t('credit.total')}</th>
          <td colSpan={2} />
          <td data-label={t('credit.score')}>
            <strong>{c.score}</strong>
          </td>
          <td />
        </tr>
      </tfoot>
    </table>
  );
}

function History({ items }: { items: CreditComputation[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <>
      <h3>{t('credit.history')}</h3>
      <ol className="credit-history" data-testid="credit-history">
        {items.map((h) => (
          <li key={h.id}>
            <span className={`badge credit-badge-${h.grade}`}>{h.grade}</span> {h.score} · {formatDateTime(h.computedAt, lang)} · {t(`credit.reason.${h.reason}`)}
            {h.computedBy && ` · ${t('credit.by')} ${h.computedBy}`}
            {h.note && <span className="muted small"> — {h.note}</span>}
          </li>
        ))}
      </ol>
    </>
  );
}
