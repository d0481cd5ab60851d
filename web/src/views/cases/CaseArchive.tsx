import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { archiveCase, type CaseWorkspace, type RetentionClass } from '../../api/cases';
import { describedBy, Field } from '../../components/Field';
import { formatDate, formatDateTime } from '../../format/datetime';
import { useSubmit } from '../../hooks/use-submit';
import { RefusalBanner } from './RefusalBanner';

/** What closing still lacks, each item with the rule that asks for it (issue 14 item 4). */
export function ClosingGaps({ ws }: { ws: CaseWorkspace }) {
  const { t } = useTranslation();
  const missing = ws.closing?.missing ?? [];
  return (
    <section className="card" data-testid="closing-gaps" data-complete={missing.length ? 'false' : 'true'}>
      <h2>{t('closing.missing.title')}</h2>
      {missing.length === 0 ? (
        <p className="muted">{t('closing.missing.none')}</p>
      ) : (
        <>
          <p className="small">{t('closing.missing.hint')}</p>
          <ul>
            {missing.map((g) => (
              <li key={g.item} data-item={g.item}>
                {g.zh} <span className="small muted">({g.rule})</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/**
 * The archive of a closed case (R10): before, the deadline and — for the archivist — the form
 * (retention class, never shorter than the seeds allow); after, the label and who read it since.
 */
export function CaseArchive({ ws, onChanged, onStale }: { ws: CaseWorkspace; onChanged(ws: CaseWorkspace): void; onStale(): void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const a = ws.archive;
  if (a) {
    const l = a.label;
    const rows: [string, string][] = [
      ['archiveNo', l.archiveNo],
      ['archivedOn', formatDate(l.archivedOn, lang)],
      ['party', [l.party.name, l.party.creditCode].filter(Boolean).join(' · ')],
      ['matter', l.matter],
      ['decisionNo', l.decisionNo ?? '—'],
      ['officers', l.officers.map((o) => `${o.name}${o.certificateNo ? `(${o.certificateNo})` : ''}`).join('、')],
      ['filedOn', l.filedOn ? formatDate(l.filedOn, lang) : '—'],
      ['closedOn', formatDate(l.closedOn, lang)],
      ['retentionClass', t(`closing.retention.${l.retentionClass}`)],
      ['destroyFrom', l.destroyFrom ? formatDate(l.destroyFrom, lang) : t('closing.archive.permanent')],
    ];
    return (
      <section className="card" data-testid="case-archive" data-archived="true">
        <h2>
          {t('closing.archive.title')} <span className="badge badge-ok">{t('closing.archive.done')}</span>
        </h2>
        <p className="banner banner-muted small">{t('closing.archive.readOnly')}</p>
        <h3 className="small">{t('closing.archive.label')}</h3>
        <dl className="facts" data-testid="archive-label">
          {rows.map(([k, v]) => (
            <div key={k} data-key={k}>
              <dt>{t(`closing.archive.${k}`)}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
        <p className="small muted">
          {t('closing.archive.counts', { documents: l.documents, evidence: l.evidence })} · {t('closing.archive.retentionHint', { basis: l.retentionBasis })}
        </p>
        {a.reads.length > 0 && (
          <>
            <h3 className="small">{t('closing.archive.reads')}</h3>
            <ul className="small" data-testid="archive-reads">
              {a.reads.map((r, i) => (
                <li key={i}>
                  {formatDateTime(r.at, lang)} · {r.who} · {t(`closing.archive.what.${r.what ?? 'workspace'}`, { defaultValue: r.what ?? '' })}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    );
  }
  if (!ws.archiving) return null;
  return (
    <section className="card" data-testid="case-archive" data-archived="false">
      <h2>{t('closing.archive.title')}</h2>
      <p className="small">{t('closing.archive.waiting')}</p>
      {ws.archiving.canArchive && <ArchiveForm ws={ws} onChanged={onChanged} onStale={onStale} />}
    </section>
  );
}

function ArchiveForm({ ws, onChanged, onStale }: { ws: CaseWorkspace; onChanged(ws: CaseWorkspace): void; onStale(): void }) {
  const { t } = useTranslation();
  const ing = ws.archiving!;
  const [cls, setCls] = useState<RetentionClass>(ing.suggested);
  const [note, setNote] = useState('');
  const submit = useSubmit();
  useEffect(() => {
    if (submit.error?.code === 'version_conflict') onStale();
  }, [submit.error, onStale]);
  async function save(e: FormEvent) {
    e.preventDefault();
    const r = await submit.run(() => archiveCase(ws.case.id, { retentionClass: cls, ...(note.trim() ? { note: note.trim() } : {}), expectedVersion: ws.case.version }));
    if (r.ok) onChanged(r.value);
  }
  return (
    <form className="stack" onSubmit={save} data-testid="archive-form">
      <RefusalBanner error={submit.error} />
      {ing.objected && <p className="banner banner-warn small">{t('closing.archive.objected')}</p>}
      <Field id="arch-class" field="retentionClass" label={t('closing.archive.retention')} required error={submit.fieldError('retentionClass')} hint={t('closing.archive.retentionHint', { basis: ing.basis })}>
        <select {...describedBy('arch-class', submit.fieldError('retentionClass'), true)} name="retentionClass" value={cls} onChange={(e) => setCls(e.target.value as RetentionClass)}>
          {ing.classes.map((c) => (
            <option key={c.key} value={c.key}>
              {t(`closing.retention.${c.key}`)}
              {c.key === ing.suggested ? `(${t('closing.archive.suggested')})` : ''}
            </option>
          ))}
        </select>
      </Field>
      <Field id="arch-note" field="note" label={t('closing.archive.note')} error={submit.fieldError('note')}>
        <textarea {...describedBy('arch-note', submit.fieldError('note'))} name="note" maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
      </Field>
      <p className="actions-start">
        <button type="submit" className="btn btn-primary" data-action="archive" disabled={submit.busy}>
          {t('closing.archive.submit')}
        </button>
      </p>
    </form>
  );
}
