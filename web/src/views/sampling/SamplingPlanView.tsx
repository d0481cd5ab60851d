import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { completeSamplingPlan, drawFileUrl, drawSamplingPlan, samplingPlan, type Check, type PlanDetail, type SampleItem } from '../../api/sampling';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { formatDateTime } from '../../format/datetime';
import { useApiQuery } from '../../hooks/use-api-query';
import { useSubmit } from '../../hooks/use-submit';
import { ItemReview } from './ItemReview';
import { itemTitle } from './item-title';
import { SamplingFindings } from './SamplingFindings';
import './sampling.css';

/** One audit plan: its draw (seed, how to redraw), the sample with its reviews and scores, findings and follow-ups. */
export function SamplingPlanView() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const q = useApiQuery(`sampling-plan-${id}`, (signal) => samplingPlan(id, signal));
  const d = q.data;
  useEffect(() => {
    if (d) document.title = `${d.plan.title} · ${t('app.name')}`;
  }, [d, t]);
  return (
    <section className="sampling">
      <p className="small">
        <Link to="/sampling">← {t('sampling.back')}</Link>
      </p>
      <ErrorBanner error={q.error} />
      {q.loading && !d && <Loading />}
      {d && <PlanBody d={d} reload={q.reload} />}
    </section>
  );
}

function PlanBody({ d, reload }: { d: PlanDetail; reload: () => void }) {
  const { t } = useTranslation();
  const { plan } = d;
  const submit = useSubmit();
  const allReviewed = d.items.every((i) => i.reviewedAt);
  return (
    <>
      <div className="page-head">
        <h1>{plan.title}</h1>
        <span className={`badge${plan.status === 'completed' ? ' badge-ok' : ''}`} data-testid="plan-status">
          {t(`sampling.status.${plan.status}`)}
        </span>
      </div>
      <dl className="facts">
        <dt>{t('sampling.agency')}</dt>
        <dd>{plan.agencyName}</dd>
        <dt>{t('sampling.kinds')}</dt>
        <dd>{plan.kinds.map((k) => t(`sampling.kind.${k}`)).join('、')}</dd>
        <dt>{t('sampling.period')}</dt>
        <dd>
          {plan.periodFrom} – {plan.periodTo}
        </dd>
        <dt>{plan.sampleSize !== null ? t('sampling.sampleSize') : t('sampling.ratePercent')}</dt>
        <dd>{plan.sampleSize ?? `${plan.ratePercent}%`}</dd>
        <dt>{t('sampling.draw.source')}</dt>
        <dd>{plan.seedSource}</dd>
        {plan.status !== 'planned' && (
          <>
            <dt>{t('sampling.auditScore')}</dt>
            <dd data-testid="audit-score">{d.score ?? t('sampling.noScore')}</dd>
          </>
        )}
      </dl>
      {plan.status === 'planned' ? <DrawForm d={d} reload={reload} /> : <SeedPanel d={d} />}
      {d.items.length > 0 && (
        <section className="card">
          <h2>
            {t('sampling.items')} ({d.items.filter((i) => i.reviewedAt).length}/{d.items.length})
          </h2>
          <ol className="sampling-items" data-testid="sampling-items">
            {d.items.map((item) => (
              <ItemRow key={item.id} item={item} checks={d.checks} editable={plan.status === 'drawn'} reload={reload} />
            ))}
          </ol>
          {plan.status === 'drawn' && (
            <div className="actions-start">
              <ErrorBanner error={submit.error} />
              <button type="button" className="btn btn-primary" disabled={!allReviewed || submit.busy} onClick={() => void submit.run(() => completeSamplingPlan(plan.id, plan.version)).then((r) => r.ok && reload())}>
                {t('sampling.complete')}
              </button>
              <p className="hint">{t('sampling.completeHint')}</p>
            </div>
          )}
        </section>
      )}
      {plan.status !== 'planned' && <SamplingFindings d={d} reload={reload} />}
    </>
  );
}

function DrawForm({ d, reload }: { d: PlanDetail; reload: () => void }) {
  const { t } = useTranslation();
  const submit = useSubmit();
  const [value, setValue] = useState('');
  return (
    <form
      className="card sampling-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit.run(() => drawSamplingPlan(d.plan.id, value.trim(), d.plan.version)).then((r) => r.ok && reload());
      }}
    >
      <h2>{t('sampling.draw.title')}</h2>
      <ErrorBanner error={submit.error} />
      <Field id="draw-value" label={t('sampling.draw.publicValue')} field="publicValue" error={submit.fieldError('publicValue')} hint={t('sampling.draw.publicValueHint')} required>
        <input id="draw-value" value={value} maxLength={200} onChange={(e) => setValue(e.target.value)} required />
      </Field>
      <button type="submit" className="btn btn-primary" disabled={submit.busy}>
        {t('sampling.draw.submit')}
      </button>
    </form>
  );
}

function SeedPanel({ d }: { d: PlanDetail }) {
  const { t, i18n } = useTranslation();
  const { plan } = d;
  return (
    <section className="card" data-testid="sampling-seed">
      <h2>{t('sampling.seed.title')}</h2>
      <dl className="facts">
        <dt>{t('sampling.seed.publicValue')}</dt>
        <dd>{plan.publicValue}</dd>
        <dt>{t('sampling.seed.seed')}</dt>
        <dd>
          <code className="sampling-code">{plan.seed}</code>
        </dd>
        <dt>{t('sampling.seed.populationSha256')}</dt>
        <dd>
          <code className="sampling-code">{plan.populationSha256}</code> · {t('sampling.population', { n: plan.populationSize ?? 0 })}
        </dd>
        <dt>{t('sampling.draw.title')}</dt>
        <dd>{formatDateTime(plan.drawnAt, i18n.language)}</dd>
      </dl>
      <p className="small">{t('sampling.seed.steps')}</p>
      <p className="small">
        {t('sampling.seed.howTo')} <code className="sampling-code">npm run sample -- --draw sampling-draw-{plan.id}.json</code>
      </p>
      <a className="btn btn-small" href={drawFileUrl(plan.id)} download>
        {t('sampling.seed.download')}
      </a>
    </section>
  );
}

function ItemRow({ item, checks, editable, reload }: { item: SampleItem; checks: Check[]; editable: boolean; reload: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const link = item.kind === 'case' ? `/cases/${item.subjectId}` : `/devices/${item.subjectId}/media?day=${item.day}`;
  return (
    <li className="sampling-item" data-item-id={item.id}>
      <div className="sampling-item-head">
        <span>
          <b>{item.position}.</b> <span className="badge">{t(`sampling.kind.${item.kind}`)}</span> <Link to={link}>{itemTitle(item)}</Link>
        </span>
        <span className="small">
          {item.reviewedAt ? `${t('sampling.score')} ${item.score ?? t('sampling.noScore')}` : <span className="muted">{t('sampling.notReviewed')}</span>}{' '}
          {editable && (
            <button type="button" className="btn btn-small" onClick={() => setOpen(!open)} aria-expanded={open}>
              {t('sampling.review')}
            </button>
          )}
        </span>
      </div>
      {open && editable ? (
        <ItemReview
          item={item}
          checks={checks.filter((c) => c.kinds.includes(item.kind))}
          onSaved={() => {
            setOpen(false);
            reload();
          }}
        />
      ) : (
        item.results && <ResultsList item={item} checks={checks} />
      )}
    </li>
  );
}

function ResultsList({ item, checks }: { item: SampleItem; checks: Check[] }) {
  const { t, i18n } = useTranslation();
  return (
    <ul className="sampling-results small">
      {checks
        .filter((c) => item.results?.[c.code])
        .map((c) => {
          const r = item.results![c.code];
          return (
            <li key={c.code} className={r.result === 'fail' ? 'sampling-fail' : ''}>
              {i18n.language === 'en' ? c.en : c.zh}: <b>{t(`sampling.result.${r.result}`)}</b>
              {r.note && ` — ${r.note}`}
            </li>
          );
        })}
      {item.note && <li className="muted">{item.note}</li>}
    </ul>
  );
}
