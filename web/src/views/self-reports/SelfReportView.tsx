import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { srCloseCheck, srCode, srPhoto, srPhotoUrl, srReport, srReview, srSave, srSign, type SrAnswer, type SrReport } from '../../api/self-reports';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { formatDateTime } from '../../format/datetime';
import { useApiQuery } from '../../hooks/use-api-query';
import { useSubmit } from '../../hooks/use-submit';
import './self-reports.css';

/**
 * One self-inspection report: the business fills it item by item (with photos from the phone's
 * camera), reviews it with the commitment text and signs with a one-time code; staff read it with
 * its photos and signature, and review it.
 */
export function SelfReportView() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const q = useApiQuery(`sr-${id}`, (signal) => srReport(id, signal));
  const [report, setReport] = useState<SrReport | undefined>();
  useEffect(() => setReport(q.data), [q.data]);
  const r = report;
  if (!r) return <section className="card sr">{q.error ? <ErrorBanner error={q.error} /> : <Loading />}</section>;
  return (
    <section className="card sr" data-testid="self-report">
      <h1>
        {r.checklist.title} · {r.period.label}
      </h1>
      <p className="small">
        <span data-testid="sr-status">{t(`selfReports.status.${r.status}`)}</span> · {t('selfReports.version', { n: r.version })}
        {r.late && <span className="sr-late"> · {t('selfReports.lateMark')}</span>}
        {r.businessName && ` · ${r.businessName}`}
      </p>
      {r.actions.includes('edit') ? <DraftForm report={r} onChange={setReport} /> : <ReadOnly report={r} />}
      {r.signature && (
        <div data-testid="sr-signature">
          <h2>{t('selfReports.signature')}</h2>
          <p className="small">
            {r.signature.signerName} · {t('selfReports.signedAt')} {formatDateTime(r.signature.signedAt, i18n.language)} · {t('selfReports.identity')} {r.signature.identityMethod === 'email_code' ? 'e-mail' : 'SMS'} {r.signature.identityAddress} · {t('selfReports.ip')} {r.signature.ip ?? '—'}
          </p>
          <p className="sr-hash">{t('selfReports.contentHash')}: {r.contentSha256}</p>
        </div>
      )}
      {r.review.reviewedAt && <p className="small">{t('selfReports.reviewed', { by: r.review.reviewedBy ?? '', at: formatDateTime(r.review.reviewedAt, i18n.language) })}{r.review.note && ` · ${r.review.note}`}</p>}
      {r.routineCheck.closed && <p className="small" data-testid="sr-check-closed">{t('selfReports.checkClosed', { by: r.routineCheck.closedBy ?? '', at: formatDateTime(r.routineCheck.closedAt, i18n.language), reason: r.routineCheck.reason ?? '' })}</p>}
      {(r.actions.includes('review') || r.actions.includes('close_check')) && <ReviewPanel report={r} onChange={setReport} />}
      {r.history.length > 1 && (
        <div>
          <h2>{t('selfReports.history')}</h2>
          <ul>
            {r.history.map((h) => (
              <li key={h.id}>{t('selfReports.version', { n: h.version })} · {t(`selfReports.status.${h.status}`)}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

function ReadOnly({ report: r }: { report: SrReport }) {
  const { t } = useTranslation();
  return (
    <ol>
      {r.checklist.items.map((item) => {
        const a = r.answers.find((x) => x.key === item.key);
        return (
          <li key={item.key} className="sr-item">
            <span>{item.text}</span>
            <strong>{a?.answer ? t(`selfReports.${a.answer}`) : '—'}</strong>
            {a?.note && <span className="small">{a.note}</span>}
            <div className="sr-photos">
              {a?.photoIds.map((p) => <img key={p} src={srPhotoUrl(r.id, p)} alt={item.text} />)}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

function DraftForm({ report: r, onChange }: { report: SrReport; onChange: (r: SrReport) => void }) {
  const { t } = useTranslation();
  const [answers, setAnswers] = useState<SrAnswer[]>(r.answers);
  const [signing, setSigning] = useState(false);
  const submit = useSubmit();
  useEffect(() => setAnswers(r.answers), [r.answers]);
  const set = (key: string, patch: Partial<SrAnswer>) => setAnswers((all) => all.map((a) => (a.key === key ? { ...a, ...patch } : a)));
  const save = async () => {
    const res = await submit.run(() => srSave(r.id, answers));
    if (res.ok) onChange(res.value);
    return res.ok;
  };
  const photo = async (key: string, file: File | undefined) => {
    if (!file) return;
    if (!(await save())) return;
    const res = await submit.run(async () => (await srPhoto(r.id, key, file), srReport(r.id)));
    if (res.ok) onChange(res.value);
  };
  if (signing) return <SignPanel report={r} onBack={() => setSigning(false)} onChange={onChange} />;
  return (
    <div>
      <ErrorBanner error={submit.error} />
      <ol>
        {r.checklist.items.map((item) => {
          const a = answers.find((x) => x.key === item.key)!;
          return (
            <li key={item.key} className="sr-item" data-testid={`item-${item.key}`}>
              <span>
                {item.text} {item.photo && <em className="small muted">({t('selfReports.photoNeeded')})</em>}
              </span>
              <span className="small muted">{t('selfReports.basis')}: {item.basis}</span>
              <div className="sr-choices" role="radiogroup">
                {(['yes', 'no', 'na'] as const).map((v) => (
                  <label key={v}>
                    <input type="radio" name={`a-${item.key}`} value={v} checked={a.answer === v} onChange={() => set(item.key, { answer: v })} />
                    {t(`selfReports.${v}`)}
                  </label>
                ))}
              </div>
              {a.answer && a.answer !== 'yes' && <textarea aria-label={t('selfReports.note')} placeholder={t('selfReports.note')} value={a.note} onChange={(e) => set(item.key, { note: e.target.value })} />}
              <div className="sr-photos">
                {a.photoIds.map((p) => <img key={p} src={srPhotoUrl(r.id, p)} alt={item.text} />)}
              </div>
              <label className="small">
                {t('selfReports.takePhoto')}
                <input type="file" accept="image/*" capture="environment" data-testid={`photo-${item.key}`} onChange={(e) => void photo(item.key, e.target.files?.[0])} />
              </label>
            </li>
          );
        })}
      </ol>
      <div className="sr-actions">
        <button type="button" disabled={submit.busy} onClick={() => void save()}>{t('selfReports.save')}</button>
        <button type="button" className="primary" disabled={submit.busy} onClick={async () => (await save()) && setSigning(true)}>{t('selfReports.review')}</button>
      </div>
    </div>
  );
}

function SignPanel({ report: r, onBack, onChange }: { report: SrReport; onBack: () => void; onChange: (r: SrReport) => void }) {
  const { t } = useTranslation();
  const submit = useSubmit();
  const [channel, setChannel] = useState<'email' | 'sms'>(r.codeChannels[0]?.channel ?? 'email');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  return (
    <div data-testid="sr-sign">
      <ReadOnly report={r} />
      <h2>{t('selfReports.commitment')}</h2>
      <p className="sr-commitment" data-testid="sr-commitment">{r.commitment}</p>
      <p className="sr-hash">{t('selfReports.contentHash')}: {r.contentSha256}</p>
      <ErrorBanner error={submit.error} />
      <label>
        {t('selfReports.channel')}{' '}
        <select value={channel} onChange={(e) => setChannel(e.target.value as 'email' | 'sms')}>
          {r.codeChannels.map((c) => <option key={c.channel} value={c.channel}>{c.address}</option>)}
        </select>
      </label>
      <button type="button" disabled={submit.busy} onClick={async () => { const res = await submit.run(() => srCode(r.id, channel)); if (res.ok) setSentTo(res.value.address); }}>{t('selfReports.sendCode')}</button>
      {sentTo && <p className="small" role="status">{t('selfReports.codeSent', { address: sentTo })}</p>}
      <label>{t('selfReports.signerName')}<input type="text" name="signerName" value={name} onChange={(e) => setName(e.target.value)} /></label>
      <label>{t('selfReports.code')}<input type="text" name="code" inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value.trim())} /></label>
      <div className="sr-actions">
        <button type="button" onClick={onBack}>{t('selfReports.continue')}</button>
        <button type="button" className="primary" disabled={submit.busy} onClick={async () => { const res = await submit.run(() => srSign(r.id, code, name, r.contentSha256 ?? '')); if (res.ok) onChange(res.value); }}>{t('selfReports.sign')}</button>
      </div>
    </div>
  );
}

function ReviewPanel({ report: r, onChange }: { report: SrReport; onChange: (r: SrReport) => void }) {
  const { t } = useTranslation();
  const submit = useSubmit();
  const [note, setNote] = useState('');
  const act = async (action: () => Promise<SrReport>) => {
    const res = await submit.run(action);
    if (res.ok) {
      onChange(res.value);
      setNote('');
    }
  };
  return (
    <div data-testid="sr-review">
      <h2>{t('selfReports.reviewTitle')}</h2>
      <ErrorBanner error={submit.error} />
      <textarea aria-label={r.actions.includes('review') ? t('selfReports.reviewNote') : t('selfReports.closeReason')} placeholder={r.actions.includes('review') ? t('selfReports.reviewNote') : t('selfReports.closeReason')} value={note} onChange={(e) => setNote(e.target.value)} />
      <div className="sr-actions">
        {r.actions.includes('review') && (
          <>
            <button type="button" className="primary" disabled={submit.busy} onClick={() => void act(() => srReview(r.id, 'accept', note))}>{t('selfReports.accept')}</button>
            <button type="button" disabled={submit.busy} onClick={() => void act(() => srReview(r.id, 'return', note))}>{t('selfReports.returnIt')}</button>
            <button type="button" disabled={submit.busy} onClick={() => void act(() => srReview(r.id, 'falsified', note))}>{t('selfReports.falsified')}</button>
          </>
        )}
        {r.actions.includes('close_check') && <button type="button" disabled={submit.busy} onClick={() => void act(() => srCloseCheck(r.id, note))}>{t('selfReports.closeCheck')}</button>}
      </div>
    </div>
  );
}
