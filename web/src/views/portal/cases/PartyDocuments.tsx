import { useTranslation } from 'react-i18next';
import type { PartyCase } from '../../../api/portal-cases';
import { formatDateTime } from '../../../format/datetime';

/** The documents addressed to the party (each opens its PDF as issued, with its hash), and the evidence clip. */
export function PartyDocuments({ c }: { c: PartyCase }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <section className="card" data-testid="party-documents">
        <h2>{t('portalCases.documents')}</h2>
        {c.documents.length === 0 ? (
          <p className="muted">{t('portalCases.noDocuments')}</p>
        ) : (
          <ul className="portal-trail">
            {c.documents.map((d) => (
              <li key={d.id} data-testid="party-document" data-kind={d.kind}>
                <strong>{t(`cases.document.${d.kind}`, { defaultValue: d.kind })}</strong>
                <span className="mono small">{d.number ?? ''}</span>
                <span className="muted small">{t('portalCases.issuedAt', { time: formatDateTime(d.issuedAt, i18n.language) })}</span>
                <a className="btn btn-small" href={d.url} target="_blank" rel="noreferrer">
                  {t('portalCases.openPdf')}
                </a>
                <span className="mono small muted" title={t('portalCases.hash')}>
                  {t('portalCases.hash')} {d.sha256.slice(0, 16)}…
                </span>
              </li>
            ))}
          </ul>
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
