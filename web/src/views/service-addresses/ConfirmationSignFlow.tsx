import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { issueText } from '../../api/client';
import { signConfirmation, type ConfirmationOverview, type ServiceConfirmation } from '../../api/service-addresses';
import type { BusinessDetail } from '../../api/types';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field, describedBy } from '../../components/Field';
import { useUser } from '../../hooks/use-session';
import { useSubmit } from '../../hooks/use-submit';

type Props = { business: BusinessDetail; overview: ConfirmationOverview; onSigned(c: ServiceConfirmation): void; onCancel(): void };

/**
 * The business signs its 送达地址确认书 on its phone, in two steps: (1) it chooses among its proven
 * e-mail and SMS addresses and its portal account, and names the signer; (2) it reads the whole
 * confirmation as it will be printed (the server's terms), ticks each statement and signs.
 */
export function ConfirmationSignFlow({ business, overview, onSigned, onCancel }: Props) {
  const { t } = useTranslation();
  const user = useUser();
  const electronic = business.serviceAddresses.filter((a) => a.method === 'email' || a.method === 'sms');
  const verified = electronic.filter((a) => a.status === 'verified');
  const pending = electronic.filter((a) => a.status === 'pending_verification');
  const [step, setStep] = useState<1 | 2>(1);
  const [chosen, setChosen] = useState<string[]>(() => verified.map((a) => a.id));
  const [portal, setPortal] = useState(true);
  const [name, setName] = useState(overview.current?.signerName ?? '');
  const [role, setRole] = useState(overview.current?.signerRole ?? '');
  const [confirmed, setConfirmed] = useState<string[]>([]);
  // When each statement was ticked, on the page's monotonic clock (the server records signing time less the interval).
  const tickedAt = useRef(new Map<string, number>());
  const check = useSubmit();
  const sign = useSubmit();
  const statements = overview.terms.statements;

  function onNext(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (chosen.length === 0 && !portal) problems.addressIds = t('serviceAddress.flow.needAddress');
    if (!name.trim()) problems.signerName = t('serviceAddress.flow.needName');
    if (!role.trim()) problems.signerRole = t('serviceAddress.flow.needRole');
    const first = Object.values(problems)[0];
    if (first) return check.fail(first, problems);
    check.reset();
    setStep(2);
    window.scrollTo(0, 0);
  }

  async function onSign(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (statements.some((s) => !confirmed.includes(s.key))) return sign.fail(t('serviceAddress.flow.needStatements'), { confirmed: t('serviceAddress.flow.needStatements') });
    const now = performance.now();
    const ticks = statements.map((s) => ({ key: s.key, msBeforeSign: Math.max(0, Math.round(now - (tickedAt.current.get(s.key) ?? now))) }));
    const r = await sign.run(() => signConfirmation(business.id, { basedOnVersion: overview.current?.version ?? 0, addressIds: chosen, portal, signerName: name.trim(), signerRole: role.trim(), confirmed: ticks }));
    if (r.ok) onSigned(r.value);
  }

  const toggle = (id: string, on: boolean) => setChosen((ids) => (on ? [...ids, id] : ids.filter((x) => x !== id)));
  const rows = [...verified.filter((a) => chosen.includes(a.id)).map((a) => [t(`serviceAddress.method.${a.method}`), a.address]), ...(portal ? [[t('serviceAddress.portal'), t('serviceAddress.flow.portalLabel', { username: user.username })]] : [])];

  if (step === 1)
    return (
      <form className="card steps confirmation-flow" onSubmit={onNext} noValidate aria-label={t('serviceAddress.flow.title')} data-testid="confirmation-step1">
        <h2>{t('serviceAddress.flow.title')}</h2>
        <section>
          <h3>{t('serviceAddress.flow.step1')}</h3>
          <p className="muted small">{t('serviceAddress.flow.step1Hint')}</p>
          <fieldset className={`field${check.fieldError('addressIds') || sign.fieldError('addressIds') ? ' field-invalid' : ''}`} data-field="addressIds">
            <legend>{t('serviceAddress.addresses')}</legend>
            {verified.length === 0 && <p className="muted">{t('serviceAddress.flow.noneVerified')}</p>}
            {verified.map((a) => (
              <label key={a.id} className="statement">
                <input type="checkbox" name={`address-${a.id}`} checked={chosen.includes(a.id)} onChange={(e) => toggle(a.id, e.target.checked)} />
                <span>
                  <span className="muted small">{t(`serviceAddress.method.${a.method}`)}</span> <span className="cell-title">{a.address}</span>
                </span>
              </label>
            ))}
            {pending.map((a) => (
              <label key={a.id} className="statement muted">
                <input type="checkbox" disabled checked={false} readOnly />
                <span>
                  <span className="small">{t(`serviceAddress.method.${a.method}`)}</span> {a.address} <span className="small">({t('serviceAddress.flow.pending')})</span>
                </span>
              </label>
            ))}
            <label className="statement">
              <input type="checkbox" name="portal" checked={portal} onChange={(e) => setPortal(e.target.checked)} />
              <span>
                {t('serviceAddress.flow.portalLabel', { username: user.username })} <span className="muted small">{t('serviceAddress.flow.portalHint')}</span>
              </span>
            </label>
            {(check.fieldError('addressIds') ?? sign.fieldError('addressIds')) && (
              <p className="field-error" data-testid="error-addressIds">
                {check.fieldError('addressIds') ?? sign.fieldError('addressIds')}
              </p>
            )}
          </fieldset>
          <Field id="confirm-signer" label={t('serviceAddress.flow.signerName')} field="signerName" error={check.fieldError('signerName')} required>
            <input {...describedBy('confirm-signer', check.fieldError('signerName'))} name="signerName" autoComplete="name" maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
          </Field>
          <Field id="confirm-role" label={t('serviceAddress.flow.signerRole')} field="signerRole" error={check.fieldError('signerRole')} required>
            <input {...describedBy('confirm-role', check.fieldError('signerRole'))} name="signerRole" list="confirm-roles" maxLength={40} placeholder={t('serviceAddress.flow.rolePlaceholder')} value={role} onChange={(e) => setRole(e.target.value)} />
          </Field>
          <datalist id="confirm-roles">
            <option value="法定代表人" />
            <option value="负责人" />
            <option value="经办人" />
          </datalist>
        </section>
        <div className="actions">
          <button type="button" className="btn" onClick={onCancel}>
            {t('serviceAddress.flow.cancel')}
          </button>
          <button type="submit" className="btn btn-primary">
            {t('serviceAddress.flow.next')}
          </button>
        </div>
      </form>
    );

  return (
    <form className="card steps confirmation-flow" onSubmit={onSign} noValidate aria-label={t('serviceAddress.flow.step2')} data-testid="confirmation-step2">
      <h2>{t('serviceAddress.flow.step2')}</h2>
      <p className="muted small">{t('serviceAddress.flow.step2Hint')}</p>
      {/* The document as it will be printed (in Chinese, whatever the UI's language): the same terms the PDF carries. */}
      <article className="doc-preview" lang="zh-CN" data-testid="confirmation-preview">
        <h3 className="doc-title">送达地址确认书</h3>
        <p className="small">
          受送达人：{business.name}（统一社会信用代码：{business.creditCode}）
        </p>
        <h4>一、电子送达的依据</h4>
        <p className="indent">{overview.terms.basis}</p>
        <h4>二、电子送达地址</h4>
        <ul className="confirmed-addresses">
          {rows.map(([m, a]) => (
            <li key={`${m}-${a}`}>
              <span className="muted small">{m}</span> <span className="cell-title">{a}</span>
            </li>
          ))}
        </ul>
        {overview.terms.blocks.map((b, i) => (b.kind === 'heading' ? <h4 key={i}>{b.text}</h4> : <p key={i} className={b.indent ? 'indent' : undefined}>{b.text}</p>))}
      </article>
      <fieldset className={`field${sign.fieldError('confirmed') ? ' field-invalid' : ''}`} data-field="confirmed">
        <legend>{t('serviceAddress.flow.confirmHeading')}</legend>
        {statements.map((s) => (
          <label key={s.key} className="statement">
            <input
              type="checkbox"
              name={`confirm-${s.key}`}
              checked={confirmed.includes(s.key)}
              onChange={(e) => {
                const on = e.target.checked;
                if (on) tickedAt.current.set(s.key, performance.now());
                else tickedAt.current.delete(s.key);
                setConfirmed((ks) => (on ? [...ks, s.key] : ks.filter((k) => k !== s.key)));
              }}
            />
            <span>{s.text}</span>
          </label>
        ))}
        {sign.fieldError('confirmed') && (
          <p className="field-error" data-testid="error-confirmed">
            {sign.fieldError('confirmed')}
          </p>
        )}
      </fieldset>
      <p>
        {t('serviceAddress.signer')}: {t('serviceAddress.signerWithRole', { name: name.trim(), role: role.trim() })}
      </p>
      {/* An address refused on signing (e.g. withdrawn meanwhile) is named here: step 2 has no address fields to mark. */}
      <ErrorBanner error={sign.error}>
        {sign.error && sign.error.issues.length > 0 && (
          <ul className="small">
            {sign.error.issues.map((i, n) => (
              <li key={n}>{issueText(i)}</li>
            ))}
          </ul>
        )}
      </ErrorBanner>
      <div className="actions">
        <button type="button" className="btn" onClick={() => setStep(1)} disabled={sign.busy}>
          {t('serviceAddress.flow.back')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={sign.busy}>
          {sign.busy ? t('serviceAddress.flow.signing') : t('serviceAddress.flow.sign')}
        </button>
      </div>
    </form>
  );
}
