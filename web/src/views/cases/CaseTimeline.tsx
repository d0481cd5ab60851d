import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { documentPdfUrl, type CaseDocument, type TimelineStage } from '../../api/cases';
import { documentExportPath } from '../../api/exports';
import { ExportButton } from '../../components/ExportButton';
import { formatDateTime } from '../../format/datetime';
import { recorded } from './recorded';

function DocumentLine({ doc }: { doc: CaseDocument }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const url = documentPdfUrl(doc.id, doc.version);
  return (
    <li data-testid="case-document" data-kind={doc.kind}>
      <strong>{t(`cases.document.${doc.kind}`, { defaultValue: doc.kind })}</strong> <span className="mono">{doc.number ?? t('cases.ws.noNumber')}</span>{' '}
      <span className="muted small">{t('cases.ws.version', { n: doc.version })}</span>{' '}
      <button type="button" className="btn btn-small btn-quiet" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
        {open ? t('cases.ws.hidePreview') : t('cases.ws.preview')}
      </button>{' '}
      <a className="btn btn-small btn-quiet" href={url} target="_blank" rel="noreferrer" download>
        {t('cases.ws.download')}
      </a>
      <ExportButton path={documentExportPath(doc.id, doc.version)} label={t('watermark.exportPdf')} />
      {open && <iframe className="case-pdf" src={url} title={t(`cases.document.${doc.kind}`, { defaultValue: doc.kind })} />}
    </li>
  );
}

/** The stages of the case, oldest first: who, when, what was recorded, and the documents each issued. */
export function CaseTimeline({ stages }: { stages: TimelineStage[] }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="card" data-testid="case-timeline">
      <h2>{t('cases.ws.timeline')}</h2>
      {stages.length === 0 ? (
        <p className="muted">{t('cases.ws.noStages')}</p>
      ) : (
        <ol className="case-timeline">
          {stages.map((s) => (
            <li key={s.id} data-testid="case-stage" data-kind={s.kind}>
              <p>
                <strong>{t(`cases.stage.${s.kind}`, { defaultValue: s.zh })}</strong> <span className="muted small">{formatDateTime(s.at, i18n.language)}</span>
              </p>
              <p className="small">
                {s.byParty && (
                  <span className="badge badge-warn" data-testid="by-party">
                    {t('portalCases.timeline.byParty')}
                  </span>
                )}{' '}
                {t('cases.ws.actor')}: {s.actor.name ?? '—'}
                {s.actor.role ? ` · ${t(`role.${s.actor.role}`, { defaultValue: s.actor.role })}` : ''}
                {s.officers.length > 0 && (
                  <>
                    {' · '}
                    {t('cases.ws.officers')}: {s.officers.map((o) => `${o.name}${o.certificateNo ? `(${o.certificateNo})` : ''}`).join('、')}
                  </>
                )}
              </p>
              {s.participants.length > 0 && (
                <p className="small">
                  {t('cases.ws.participants')}: {s.participants.map((p) => `${p.name}(${p.role})`).join('、')}
                </p>
              )}
              <dl className="facts small">
                {recorded(t, s.kind, s.fields).map(([k, v]) => (
                  <div key={k}>
                    <dt>{k}</dt>
                    <dd className="statement">{v}</dd>
                  </div>
                ))}
              </dl>
              {s.media.some((m) => m.url) && (
                <p className="small" data-testid="stage-files">
                  {t('portalCases.timeline.files')}:{' '}
                  {s.media.map((m, i) => (
                    <span key={`${m.sha256}-${i}`}>
                      {i > 0 && '、'}
                      {m.url ? (
                        <a href={m.url} target="_blank" rel="noreferrer" title={`SHA-256 ${m.sha256}`}>
                          {m.title}
                        </a>
                      ) : (
                        m.title
                      )}
                    </span>
                  ))}
                </p>
              )}
              {s.documents.length > 0 && <ul className="doc-links">{s.documents.map((d) => <DocumentLine key={`${d.id}-${d.version}`} doc={d} />)}</ul>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
