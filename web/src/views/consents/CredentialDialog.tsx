import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { issueCredential, listCredentials, revokeCredential } from '../../api/consents';
import type { Device } from '../../api/types';
import { ErrorBanner } from '../../components/ErrorBanner';
import { ReasonDialog } from '../../components/ReasonDialog';
import { StatusBadge } from '../../components/StatusBadge';
import { useApiQuery } from '../../hooks/use-api-query';
import { useSubmit } from '../../hooks/use-submit';
import { formatDateTime } from '../businesses/labels';

/** A device's publish keys: whether it may stream now, issue/rotate (shown once), revoke. */
export function CredentialDialog({ device, onClose }: { device: Device; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const q = useApiQuery(`creds:${device.id}`, (signal) => listCredentials(device.id, signal));
  const issue = useSubmit();
  const [fresh, setFresh] = useState<{ key: string; publishUrl: string } | null>(null);
  const [copied, setCopied] = useState<'key' | 'url' | 'failed' | null>(null);
  const [revoking, setRevoking] = useState<string | null>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  const active = q.data?.items.find((c) => c.status === 'active');

  return (
    <dialog ref={ref} className="dialog" aria-labelledby={`${id}-t`} onCancel={onClose} data-testid="credential-dialog">
      <h2 id={`${id}-t`}>{t('credential.title', { name: device.name })}</h2>
      {q.data && (
        <p className={q.data.publishAllowed ? 'notice-ok' : 'notice-bad'}>
          {q.data.publishAllowed ? t('credential.allowed') : t('credential.refused', { reason: t(`refusal.${q.data.publishRefusal ?? 'unknown_key'}`) })}
        </p>
      )}
      {fresh && (
        <div>
          <p className="notice-bad">{t('credential.shownOnce')}</p>
          <p>{t('credential.key')}</p>
          <p className="key-box" data-testid="stream-key">
            {fresh.key}
          </p>
          <p>{t('credential.publishUrl')}</p>
          <p className="key-box" data-testid="publish-url">
            {fresh.publishUrl}
          </p>
          <div className="actions actions-start">
            <button type="button" className="btn" onClick={() => void copyText(fresh.key).then((ok) => setCopied(ok ? 'key' : 'failed'))}>
              {copied === 'key' ? t('credential.copied') : t('credential.copyKey')}
            </button>
            <button type="button" className="btn" onClick={() => void copyText(fresh.publishUrl).then((ok) => setCopied(ok ? 'url' : 'failed'))}>
              {copied === 'url' ? t('credential.copied') : t('credential.copyUrl')}
            </button>
          </div>
          {copied === 'failed' && <p className="muted small">{t('credential.copyFailed')}</p>}
        </div>
      )}
      <ErrorBanner error={issue.error} />
      {q.data && q.data.items.length === 0 && <p className="muted">{t('credential.none')}</p>}
      <ul>
        {q.data?.items.slice(0, 5).map((c) => (
          <li key={c.id}>
            <span className="mono">{c.prefix}</span> · {formatDateTime(c.createdAt, i18n.language)} · <StatusBadge status={c.status} label={t(`credential.statuses.${c.status}`)} />
            {c.status === 'active' && (
              <button type="button" className="btn btn-small btn-danger-quiet" onClick={() => setRevoking(c.id)}>
                {t('credential.revoke')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" className="btn" onClick={onClose}>
          {t('credential.close')}
        </button>
        <button
          type="button"
          className="btn btn-primary"
          disabled={issue.busy}
          onClick={() =>
            void issue.run(() => issueCredential(device.id)).then((r) => {
              if (r.ok) {
                setFresh({ key: r.value.key, publishUrl: r.value.publishUrl });
                setCopied(null);
                q.reload();
              }
            })
          }
        >
          {active ? t('credential.rotate') : t('credential.issue')}
        </button>
      </div>
      {revoking && (
        <ReasonDialog
          title={t('credential.revokeTitle')}
          hint={t('credential.revokeHint')}
          confirmLabel={t('credential.revoke')}
          onConfirm={async (reason) => {
            await revokeCredential(revoking, reason);
            q.reload();
          }}
          onClose={() => setRevoking(null)}
        />
      )}
    </dialog>
  );
}

/** The clipboard API exists only on https or localhost; a LAN address over http falls back. */
async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    /* fall back below */
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  // Inside the open modal dialog: everything outside it is inert.
  (document.activeElement?.closest('dialog') ?? document.body).append(area);
  area.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
  }
}
