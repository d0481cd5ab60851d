import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { addEvidence, CHECKLIST_POINTS, reviewEvidence, type CaseWorkspace, type ChecklistPoint, type Evidence } from '../../api/cases';
import { Field } from '../../components/Field';
import { formatDateTime } from '../../format/datetime';
import { can, useUser } from '../../hooks/use-session';
import { useSubmit } from '../../hooks/use-submit';
import { RefusalBanner } from './RefusalBanner';

type Answers = Record<ChecklistPoint, { met: boolean | null; note: string }>;
const answersOf = (e: Evidence): Answers => Object.fromEntries(CHECKLIST_POINTS.map((p) => [p, { met: e.checklist.find((c) => c.point === p)?.met ?? null, note: e.checklist.find((c) => c.point === p)?.note ?? '' }])) as Answers;

/** One item's 002 §16 review: each point met or not (with a note when not), editable until the filing report is submitted. */
function EvidenceItem({ ws, item, editable, onChanged, onStale }: { ws: CaseWorkspace; item: Evidence; editable: boolean; onChanged(ws: CaseWorkspace): void; onStale(): void }) {
  const { t, i18n } = useTranslation();
  const [answers, setAnswers] = useState<Answers>(() => answersOf(item));
  const submit = useSubmit();
  const set = (p: ChecklistPoint, patch: Partial<Answers[ChecklistPoint]>) => setAnswers((a) => ({ ...a, [p]: { ...a[p], ...patch } }));

  async function save(e: FormEvent) {
    e.preventDefault();
    const checklist = Object.fromEntries(CHECKLIST_POINTS.filter((p) => answers[p].met !== null).map((p) => [p, { met: answers[p].met!, note: answers[p].note.trim() || null }]));
    const r = await submit.run(() => reviewEvidence(ws.case.id, item.id, { checklist, expectedVersion: item.version }));
    if (r.ok) onChanged(r.value);
  }
  useEffect(() => {
    if (submit.error?.code === 'version_conflict') onStale();
  }, [submit.error, onStale]);

  return (
    <li className="card case-evidence" data-testid="case-evidence" data-kind={item.kind} data-complete={item.complete ? 'true' : 'false'}>
      <p>
        <strong>{item.title}</strong> <span className="badge">{t(`cases.evidenceKind.${item.kind}`, { defaultValue: item.kind })}</span>{' '}
        {item.complete ? <span className="badge badge-ok">{t('cases.ws.checklistDone')}</span> : <span className="badge badge-warn">{t('cases.ws.checklistOpen', { n: item.unanswered.length || CHECKLIST_POINTS.length })}</span>}
      </p>
      {item.kind === 'snapshot' && item.link && <img className="flag-snapshot" src={item.link} alt={t('cases.ws.snapshot')} loading="lazy" />}
      {item.kind === 'clip' && item.link && <video className="flag-video" controls playsInline preload="none" src={item.link} aria-label={t('cases.ws.play')} />}
      {item.kind === 'upload' && item.link && (
        <a href={item.link} target="_blank" rel="noreferrer" className="small" data-testid="party-file">
          {String(item.source.filename ?? item.title)}
        </a>
      )}
      {item.reviewedBy && item.reviewedAt && <p className="small muted">{t('cases.ws.reviewedBy', { name: item.reviewedBy, at: formatDateTime(item.reviewedAt, i18n.language) })}</p>}
      <form onSubmit={save} data-testid="evidence-checklist">
        <RefusalBanner error={submit.error} />
        <table className="table case-checklist">
          <caption className="sr-only">{t('cases.ws.checklist')}</caption>
          <tbody>
            {CHECKLIST_POINTS.map((p) => (
              <tr key={p} data-point={p}>
                <th scope="row">{t(`cases.checklist.${p}`)}</th>
                <td>
                  <label className="check">
                    <input type="radio" name={`${item.id}-${p}`} value="met" disabled={!editable} checked={answers[p].met === true} onChange={() => set(p, { met: true })} /> {t('cases.ws.met')}
                  </label>{' '}
                  <label className="check">
                    <input type="radio" name={`${item.id}-${p}`} value="not" disabled={!editable} checked={answers[p].met === false} onChange={() => set(p, { met: false })} /> {t('cases.ws.notMet')}
                  </label>
                </td>
                <td>{answers[p].met === false && <input aria-label={`${t(`cases.checklist.${p}`)} ${t('cases.ws.note')}`} name={`${p}-note`} disabled={!editable} value={answers[p].note} maxLength={1000} onChange={(e) => set(p, { note: e.target.value })} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {editable && (
          <button type="submit" className="btn btn-small" disabled={submit.busy}>
            {t('cases.ws.saveChecklist')}
          </button>
        )}
      </form>
    </li>
  );
}

/** The case's evidence: snapshots and clips to view, each with its review; officers add items by hand. */
export function CaseEvidence({ ws, onChanged, onStale }: { ws: CaseWorkspace; onChanged(ws: CaseWorkspace): void; onStale(): void }) {
  const { t } = useTranslation();
  const user = useUser();
  const editable = can(user, 'case.act') && ws.case.state === 'accepted';
  const [adding, setAdding] = useState(false);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const submit = useSubmit();

  async function add(e: FormEvent) {
    e.preventDefault();
    const r = await submit.run(() => addEvidence(ws.case.id, { title: title.trim(), description: description.trim() }));
    if (r.ok) {
      setAdding(false);
      setTitle('');
      setDescription('');
      onChanged(r.value);
    }
  }

  return (
    <section className="card" data-testid="case-evidence-list">
      <h2>{t('cases.ws.evidence')}</h2>
      {!editable && ws.case.state !== 'accepted' && ws.evidence.length > 0 && <p className="muted small">{t('cases.ws.checklistLocked')}</p>}
      {ws.evidence.length === 0 && <p className="muted">{t('cases.ws.noEvidence')}</p>}
      <ul className="evidence-list">
        {ws.evidence.map((e) => (
          <EvidenceItem key={`${e.id}-${e.version}`} ws={ws} item={e} editable={editable} onChanged={onChanged} onStale={onStale} />
        ))}
      </ul>
      {can(user, 'case.act') && ws.case.state !== 'closed' && (
        <>
          {!adding ? (
            <button type="button" className="btn btn-small" onClick={() => setAdding(true)}>
              {t('cases.ws.addEvidence')}
            </button>
          ) : (
            <form className="subform" onSubmit={add}>
              <RefusalBanner error={submit.error} />
              <Field id="ev-title" label={t('cases.ws.evidenceTitle')} field="title" error={submit.fieldError('title')} required>
                <input id="ev-title" name="title" maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />
              </Field>
              <Field id="ev-desc" label={t('cases.ws.evidenceDescription')} field="description" error={submit.fieldError('description')} required>
                <textarea id="ev-desc" name="description" rows={3} value={description} onChange={(e) => setDescription(e.target.value)} />
              </Field>
              <div className="actions">
                <button type="button" className="btn btn-small" onClick={() => setAdding(false)}>
                  {t('cases.ws.cancel')}
                </button>
                <button type="submit" className="btn btn-small btn-primary" disabled={submit.busy}>
                  {t('cases.ws.submit')}
                </button>
              </div>
            </form>
          )}
        </>
      )}
    </section>
  );
}
