import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { mailbox, requestCode, signConsent, type Consent } from '../../api/consents';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field, describedBy } from '../../components/Field';
import { SignaturePad, type SignaturePadHandle } from '../../components/SignaturePad';
import { useApiQuery } from '../../hooks/use-api-query';
import { useSubmit } from '../../hooks/use-submit';

/**
 * The business signs on its phone, after reading the text shown above (step 1): gets a one-time
 * code by e-mail or SMS (step 2), ticks each statement, types its name and draws its signature
 * (step 3). In the demo, where mail stays on this machine, it links to the demo mailbox.
 */
export function SignPanel({ consent, onSigned }: { consent: Consent; onSigned: () => void }) {
  const { t } = useTranslation();
  const [channel, setChannel] = useState<'email' | 'sms'>(consent.codeChannels[0]?.channel ?? 'email');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [wait, setWait] = useState(0);
  const [code, setCode] = useState('');
  const [confirmed, setConfirmed] = useState<string[]>([]);
  // When each statement was ticked, on the page's monotonic clock: the server records each tick
  // as its signing time less this interval (a phone's wrong wall clock cannot move it).
  const tickedAt = useRef(new Map<string, number>());
  const [name, setName] = useState('');
  const pad = useRef<SignaturePadHandle>(null);
  const codeInput = useRef<HTMLInputElement>(null);
  const [padEmpty, setPadEmpty] = useState(true);
  const sendCode = useSubmit();
  const sign = useSubmit();
  const demoMailbox = useApiQuery(sentTo ? 'mailbox-on' : null, (signal) => mailbox(signal));

  useEffect(() => {
    if (wait <= 0) return;
    const timer = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);

  async function onCode() {
    let limited = false;
    const r = await sendCode.run(() =>
      requestCode(consent.id, channel).catch((e: unknown) => {
        limited = e instanceof ApiError && e.code === 'rate_limited';
        throw e;
      }),
    );
    if (r.ok) {
      setSentTo(r.value.address);
      setWait(r.value.resendAfterSeconds);
      codeInput.current?.focus();
    } else if (limited) setWait(60);
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (!/^\d{6}$/.test(code.trim())) problems.code = t('consent.sign.needCode');
    if (consent.statements.some((s) => !confirmed.includes(s.key))) problems.confirmed = t('consent.sign.needStatements');
    if (!name.trim()) problems.signerName = t('consent.sign.needName');
    if (padEmpty || pad.current?.isEmpty()) problems.signaturePng = t('consent.sign.needSignature');
    const first = Object.values(problems)[0];
    if (first) {
      sign.fail(first, problems);
      return;
    }
    const now = performance.now();
    const ticks = consent.statements.map((s) => ({ key: s.key, msBeforeSign: Math.max(0, Math.round(now - (tickedAt.current.get(s.key) ?? now))) }));
    const r = await sign.run(() => signConsent(consent.id, { code: code.trim(), signerName: name.trim(), confirmed: ticks, signaturePng: pad.current!.toDataUrl(), textSha256: consent.textSha256 ?? '' }));
    if (r.ok) onSigned();
  }

  return (
    <form className="card steps" onSubmit={onSubmit} noValidate data-testid="sign-panel">
      <h2>{t('consent.sign.title')}</h2>
      <section>
        <h3>{t('consent.sign.step2')}</h3>
        {consent.codeChannels.length === 0 ? (
          <p className="notice-bad">{t('consent.sign.noChannel')}</p>
        ) : (
          <>
            <ErrorBanner error={sendCode.error} />
            <div className="code-row">
              <label className="sr-only" htmlFor="code-channel">
                {t('consent.sign.channel')}
              </label>
              <select id="code-channel" name="channel" value={channel} onChange={(e) => setChannel(e.target.value as 'email' | 'sms')}>
                {consent.codeChannels.map((c) => (
                  <option key={c.channel} value={c.channel}>
                    {t(`method.${c.channel}`)} {c.address}
                  </option>
                ))}
              </select>
              <button type="button" className="btn" disabled={sendCode.busy || wait > 0} onClick={() => void onCode()}>
                {wait > 0 ? t('consent.sign.resend', { s: wait }) : t('consent.sign.getCode')}
              </button>
            </div>
            {sentTo && (
              <p className="muted" role="status">
                {t('consent.sign.codeSent', { address: sentTo })}
                {demoMailbox.data && (
                  <>
                    {' '}
                    <a href="/mailbox" target="_blank" rel="noreferrer" data-testid="demo-mailbox-link">
                      {t('consent.sign.openMailbox')}
                    </a>
                  </>
                )}
              </p>
            )}
            <Field id="sign-code" label={t('consent.sign.code')} field="code" error={sign.fieldError('code')} required>
              <input {...describedBy('sign-code', sign.fieldError('code'))} ref={codeInput} className="code-input" name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} pattern="\d{6}" value={code} onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))} />
            </Field>
          </>
        )}
      </section>
      <section>
        <h3>{t('consent.sign.step3')}</h3>
        <fieldset className={`field${sign.fieldError('confirmed') ? ' field-invalid' : ''}`}>
          <legend>{t('consent.sign.statements')}</legend>
          {consent.statements.map((s) => (
            <label key={s.key} className="statement">
              <input type="checkbox" name={`confirm-${s.key}`} checked={confirmed.includes(s.key)} onChange={(e) => {
                  const on = e.target.checked;
                  if (on) tickedAt.current.set(s.key, performance.now());
                  else tickedAt.current.delete(s.key);
                  setConfirmed((ks) => (on ? [...ks, s.key] : ks.filter((k) => k !== s.key)));
                }} />
              <span>{s.text}</span>
            </label>
          ))}
          {sign.fieldError('confirmed') && (
            <p className="field-error" data-testid="error-confirmed">
              {sign.fieldError('confirmed')}
            </p>
          )}
        </fieldset>
        <Field id="sign-name" label={t('consent.sign.signerName')} field="signerName" error={sign.fieldError('signerName')} required>
          <input {...describedBy('sign-name', sign.fieldError('signerName'))} name="signerName" autoComplete="name" maxLength={50} value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <div className={`field${sign.fieldError('signaturePng') ? ' field-invalid' : ''}`}>
          <p>
            {t('consent.sign.signature')} <span className="muted small">{t('consent.sign.signatureHint')}</span>
          </p>
          <SignaturePad ref={pad} label={t('consent.sign.signature')} onChange={setPadEmpty} />
          {sign.fieldError('signaturePng') && (
            <p className="field-error" data-testid="error-signaturePng">
              {sign.fieldError('signaturePng')}
            </p>
          )}
        </div>
      </section>
      <ErrorBanner error={sign.error} />
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={sign.busy}>
          {sign.busy ? t('consent.sign.signing') : t('consent.sign.submit')}
        </button>
      </div>
    </form>
  );
}
