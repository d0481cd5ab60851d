import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { acknowledgeDocument, type PartyCase } from '../../../api/portal-cases';
import { formatDateTime } from '../../../format/datetime';

type Doc = PartyCase['documents'][number];

/**
 * The documents served on the party (each opens its PDF as served, with its hash; a document is
 * listed only once served), the date each was served, and its receipt: confirmed, or a button to
 * confirm it (在线诉讼规则第三十三条). Then the evidence clip.
 */
export function PartyDocuments({ c, onChanged }: { c: PartyCase; onChanged: () => void }) {
  const { t } = useTranslation();
  return (
    <>
      <section className="card" data-testid="party-documents">
        <h2>{t('portalCases.documents')}</h2>
        {c.documents.length === 0 ? (
          <p className="muted">{t('portalCases.noDocuments')}</p>
        ) : (
          <>
            <ul className="portal-trail">
              {c.documents.map((d) => (
                <PartyDocumentItem key={d.id} d={d} onChanged={onChanged} />
              ))}
            </ul>
            {c.documents.some((d) => d.acknowledgeUrl) && <p className="muted small">{t('portalCases.acknowledgeMeans')}</p>}
          </>
        )}
      </section>
      <section className="card portal-media" data-testid="party-evidence">
        <h2>{t('portalCases.evidence')}</h2>
        {c.clips.length === 0 && <p className="muted">{t('portalCases.noClip')}</p>}
        {/* The findings' clip player: the same element, the finding's clip route (viewing logged). */}
        {c.clips.map((clip) => (
          <video key={clip.evidenceId} src={clip.url} controls preload="none" playsInline className="portal-picture" aria-label={`${t('portalCases.clipAlt')} ${clip.title}`} />
        ))}
      </section>
    </>
  );
}

function PartyDocumentItem({ d, onChanged }: { d: Doc; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const time = (iso: string) => formatDateTime(iso, i18n.language);
  async function acknowledge(url: string) {
    setBusy(true);
    setFailed(false);
    try {
      await acknowledgeDocument(url);
      onChanged();
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  }
  return (
    <li data-testid="party-document" data-kind={d.kind} data-acknowledged={d.acknowledgedAt ? 'true' : 'false'}>
      <strong>{t(`cases.document.${d.kind}`, { defaultValue: d.kind })}</strong>
      <span className="mono small">{d.number ?? ''}</span>
      <span className="small" data-testid="party-document-served">
        {t('portalCases.servedAt', { time: time(d.servedAt) })}
      </span>
      <a className="btn btn-small" href={d.url} target="_blank" rel="noreferrer" data-testid="party-document-open">
        {t('portalCases.openPdf')}
      </a>
      {d.acknowledgedAt ? (
        <span className="badge badge-ok small" data-testid="party-document-acknowledged">
          {t('portalCases.acknowledgedAt', { time: time(d.acknowledgedAt) })}
        </span>
      ) : (
        d.acknowledgeUrl && (
          <button type="button" className="btn btn-small btn-primary" disabled={busy} onClick={() => void acknowledge(d.acknowledgeUrl!)} data-testid="party-document-acknowledge">
            {busy ? t('portalCases.acknowledging') : t('portalCases.acknowledge')}
          </button>
        )
      )}
      {failed && (
        <span className="field-error" role="alert">
          {t('portalCases.acknowledgeFailed')}
        </span>
      )}
      <span className="mono small muted" title={t('portalCases.hash')}>
        {t('portalCases.hash')} {d.sha256.slice(0, 16)}…
      </span>
    </li>
  );
}
