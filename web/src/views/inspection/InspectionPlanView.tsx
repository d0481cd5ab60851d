import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { commitInspectionPlan, drawInspectionPlan, inspectionPlan, publicPlanUrl, publicVerifyUrl, publishInspectionPlan, type InspectionDetail } from '../../api/inspection';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { formatDateTime } from '../../format/datetime';
import { useApiQuery } from '../../hooks/use-api-query';
import { can, useUser } from '../../hooks/use-session';
import { useSubmit } from '../../hooks/use-submit';
import { ResultForm } from './ResultForm';
import { SelfReportLink } from './SelfReportLink';
import './inspection.css';

/** One random-inspection plan: population and its digest, the seed input and draw, the list with paired officers, results, publication. */
export function InspectionPlanView() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const q = useApiQuery(`inspection-plan-${id}`, (signal) => inspectionPlan(id, signal));
  const d = q.data;
  useEffect(() => {
    if (d) document.title = `${d.plan.title} · ${t('app.name')}`;
  }, [d, t]);
  return (
    <section className="inspection">
      <p className="small">
        <Link to="/inspection">← {t('inspection.back')}</Link>
      </p>
      <ErrorBanner error={q.error} />
      {q.loading && !d && <Loading />}
      {d && <PlanBody d={d} reload={q.reload} />}
    </section>
  );
}

function PlanBody({ d, reload }: { d: InspectionDetail; reload: () => void }) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const { plan } = d;
  const planner = can(user, 'inspection.plan');
  const submit = useSubmit();
  const [value, setValue] = useState('');
  const recorded = d.items.filter((i) => i.result).length;
  return (
    <>
      <div className="page-head">
        <h1>{plan.title}</h1>
        <span className={`badge${plan.status === 'published' ? ' badge-ok' : ''}`} data-testid="inspection-status">
          {t(`inspection.status.${plan.status}`)}
        </span>
      </div>
      <dl className="facts">
        <dt>{t('inspection.agency')}</dt>
        <dd>{plan.agencyName}</dd>
        <dt>{t('inspection.category')}</dt>
        <dd>{plan.category ? t(`category.${plan.category}`) : t('inspection.allCategories')}</dd>
        <dt>{t('inspection.periodFrom')}</dt>
        <dd>
          {plan.periodFrom} – {plan.periodTo}
        </dd>
        <dt>{t('inspection.sizeMode')}</dt>
        <dd>{plan.sampleSize ?? (plan.ratePercent !== null ? `${plan.ratePercent}%` : t('inspection.byFrequency'))}</dd>
        <dt>{t('inspection.seedSource')}</dt>
        <dd>{plan.seedSource}</dd>
      </dl>
      {plan.recusals.length > 0 && (
        <section className="card" data-testid="inspection-recusal-list">
          <h2>{t('inspection.recusal.title')}</h2>
          <ul className="small">
            {plan.recusals.map((r) => (
              <li key={`${r.officerId}|${r.businessId}`}>{t('inspection.recusal.line', { officer: r.officerName ?? r.officerId, business: r.businessName ?? r.businessId, reason: r.reason })}</li>
            ))}
          </ul>
        </section>
      )}
      <ErrorBanner error={submit.error} />
      {plan.status === 'planned' && planner && (
        <section className="card inspection-form">
          <h2>{t('inspection.commit.title')}</h2>
          <p className="hint">{t('inspection.commit.hint')}</p>
          <div className="actions">
            <button type="button" className="btn btn-primary" disabled={submit.busy} onClick={() => void submit.run(() => commitInspectionPlan(plan.id, plan.version)).then((r) => r.ok && reload())}>
              {t('inspection.commit.submit')}
            </button>
          </div>
        </section>
      )}
      {plan.populationSha256 && (
        <section className="card" data-testid="inspection-seed">
          <h2>{t('inspection.seed.title')}</h2>
          <dl className="facts">
            <dt>{t('inspection.seed.digest')}</dt>
            <dd>
              <code className="inspection-code" data-testid="inspection-digest">
                {plan.populationSha256}
              </code>{' '}
              · {t('inspection.population', { n: plan.populationSize ?? 0 })}
            </dd>
            <dt>{t('inspection.seed.committedAt')}</dt>
            <dd>{formatDateTime(plan.committedAt, i18n.language)}</dd>
            {plan.seed && (
              <>
                <dt>{t('inspection.seed.publicValue')}</dt>
                <dd>{plan.publicValue}</dd>
                <dt>{t('inspection.seed.seed')}</dt>
                <dd>
                  <code className="inspection-code">{plan.seed}</code>
                </dd>
                <dt>{t('inspection.seed.drawnAt')}</dt>
                <dd>{formatDateTime(plan.drawnAt, i18n.language)}</dd>
              </>
            )}
          </dl>
          <p className="small">
            <a href={publicPlanUrl(plan.id)} download={`inspection-plan-${plan.id}.json`}>
              {t('inspection.seed.file')}
            </a>
            {plan.seed && (
              <>
                {' · '}
                <a href={publicVerifyUrl(plan.id)} target="_blank" rel="noreferrer">
                  {t('inspection.seed.verify')}
                </a>
              </>
            )}
          </p>
          <p className="muted small">{t('inspection.seed.cli')}</p>
        </section>
      )}
      {plan.status === 'committed' && planner && (
        <form
          className="card inspection-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit.run(() => drawInspectionPlan(plan.id, value.trim(), plan.version)).then((r) => r.ok && reload());
          }}
        >
          <h2>{t('inspection.draw.title')}</h2>
          <Field id="ip-value" label={t('inspection.draw.publicValue')} field="publicValue" error={submit.fieldError('publicValue')} hint={t('inspection.draw.hint')} required>
            <input id="ip-value" value={value} maxLength={200} onChange={(e) => setValue(e.target.value)} required />
          </Field>
          <div className="actions">
            <button type="submit" className="btn btn-primary" disabled={submit.busy}>
              {t('inspection.draw.submit')}
            </button>
          </div>
        </form>
      )}
      {d.items.length > 0 && (
        <section className="card">
          <h2>
            {t('inspection.list')} ({recorded}/{d.items.length})
          </h2>
          <ol className="inspection-items" data-testid="inspection-items">
            {d.items.map((i) => (
              <li key={i.id} className="inspection-item">
                <div className="inspection-item-head">
                  <strong>
                    {i.position}. {i.businessName}
                  </strong>
                  <span className="small">
                    {t(`inspection.stratum.${i.stratum}`)}
                    {i.certain && ` · ${t('inspection.certain')}`}
                  </span>
                </div>
                <p className="small muted">
                  {t('inspection.officersOf', { names: (i.officerNames ?? i.officerIds).join(t('inspection.listSeparator')) })}
                </p>
                <p className="small">
                  {i.result ? (
                    <>
                      {t(`inspection.result.${i.result}`)} · {i.inspectedOn}
                      {i.note && ` · ${i.note}`}
                      <SelfReportLink item={i} />
                    </>
                  ) : (
                    <span className="muted">{t('inspection.record.pending')}</span>
                  )}
                </p>
                {plan.status === 'drawn' && i.officerIds.includes(user.id) && <ResultForm item={i} onSaved={reload} />}
              </li>
            ))}
          </ol>
          {plan.status === 'drawn' && planner && (
            <div className="actions-start">
              <button type="button" className="btn btn-primary" disabled={submit.busy || recorded < d.items.length} onClick={() => void submit.run(() => publishInspectionPlan(plan.id, plan.version)).then((r) => r.ok && reload())}>
                {t('inspection.publish.submit')}
              </button>
              <p className="hint">{t('inspection.publish.hint')}</p>
            </div>
          )}
        </section>
      )}
    </>
  );
}
