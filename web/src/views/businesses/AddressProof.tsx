import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { requestAddressCode, verifyServiceAddress } from '../../api/registry';
import type { ServiceAddress } from '../../api/types';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field, describedBy } from '../../components/Field';
import { useSubmit } from '../../hooks/use-submit';

/**
 * Proving a pending e-mail or SMS address (R9): a code goes to the address itself, and whoever
 * receives it there types it in. Sits in the address's row; made for a phone.
 */
export function AddressProof({ address, onVerified }: { address: ServiceAddress; onVerified(): void }) {
  const { t } = useTranslation();
  const uid = useId();
  const send = useSubmit();
  const check = useSubmit();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [wait, setWait] = useState(0);
  const [code, setCode] = useState('');

  useEffect(() => {
    if (wait <= 0) return;
    const timer = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);

  async function onSend() {
    const r = await send.run(() => requestAddressCode(address.id));
    if (r.ok) {
      setSentTo(r.value.address);
      setWait(r.value.resendAfterSeconds);
      check.reset();
    }
  }

  async function onVerify(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const r = await check.run(() => verifyServiceAddress(address.id, code));
    if (r.ok) onVerified();
  }

  const codeError = check.fieldError('code');
  return (
    <div className="address-proof" data-testid={`address-proof-${address.id}`}>
      <ErrorBanner error={send.error} />
      {sentTo && <p className="small" role="status">{t('address.codeSent', { address: sentTo })}</p>}
      {sentTo && (
        <form className="address-proof-form" onSubmit={onVerify} noValidate aria-label={t('address.verify')}>
          <Field id={`${uid}-code`} label={t('address.code')} field="code" error={codeError}>
            <input
              {...describedBy(`${uid}-code`, codeError)}
              className="code-input"
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              pattern="\d{6}"
              value={code}
              onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
            />
          </Field>
          <button type="submit" className="btn btn-primary" disabled={check.busy || code.length !== 6}>
            {check.busy ? t('address.verifying') : t('address.verify')}
          </button>
        </form>
      )}
      <button type="button" className="btn btn-small" onClick={() => void onSend()} disabled={send.busy || wait > 0}>
        {sentTo ? (wait > 0 ? `${t('address.resendCode')} (${wait}s)` : t('address.resendCode')) : t('address.sendCode')}
      </button>
    </div>
  );
}
