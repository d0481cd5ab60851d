import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Upload } from 'tus-js-client';
import { ApiError } from '../../api/client';
import { completeUpload, fieldUpload, hashFile, hasSavedUpload, labels, listUploads, resumeSaved, uploadId, type UploadKind, type UploadTarget } from '../../api/mobile-recordings';
import { ErrorBanner, Notice } from '../../components/ErrorBanner';
import { can, useUser } from '../../hooks/use-session';
import { useApiQuery } from '../../hooks/use-api-query';
import { UploadList } from './UploadList';
import './mobile.css';

/** 'YYYY-MM-DDTHH:mm' in China's time (the form's datetime-local) ⇄ an instant. */
const OFFSET = 8 * 3600_000;
const toInput = (ms: number) => new Date(ms + OFFSET).toISOString().slice(0, 16);
const fromInput = (v: string) => new Date(Date.parse(`${v}:00Z`) - OFFSET).toISOString();
const kindOf = (f: File): UploadKind => (f.type.startsWith('video/') ? 'video' : f.type.startsWith('audio/') ? 'audio' : f.type.startsWith('image/') ? 'photo' : 'document');

type Phase = { step: 'idle' } | { step: 'hashing'; done: number } | { step: 'sending'; sent: number } | { step: 'paused'; sent: number } | { step: 'reason' } | { step: 'done'; late: boolean };

/**
 * 上传执法记录仪视频/文件 (R10): footage of a body-worn recorder or a phone, photos and documents, into
 * a case or a device's record — labelled (when recorded, the party, the matter, the officers), hashed
 * here and again on arrival, sent resumably (tus 1.0, tus-js-client) with progress, pause and resume (after a
 * lost connection, and after a reload: picking the same file again continues it). Past the storage limit
 * the server asks for the reason, and the form asks it of the officer. A phone layout (mobile.css).
 */
export function FieldUploads({ target, partyName, officers }: { target: UploadTarget; partyName: string; officers: { id: string; name: string }[] }) {
  const { t } = useTranslation();
  const user = useUser();
  // Only those who may read uploads ask for them (a refused request is ledgered as access.denied).
  const list = useApiQuery(can(user, 'record.upload_read') ? `${target.kind}:${target.id}` : null, (signal) => listUploads(target, signal));
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState<UploadKind>('video');
  const [from, setFrom] = useState(toInput(Date.now() - 30 * 60_000));
  const [to, setTo] = useState(toInput(Date.now()));
  const [matter, setMatter] = useState('');
  const [serial, setSerial] = useState('');
  // Each officer once (a case may name one twice), the uploader first when he is not among them.
  const people = [...new Map([...(officers.some((o) => o.id === user.id) ? [] : [{ id: user.id, name: user.displayName }]), ...officers].map((o) => [o.id, o])).values()];
  const [chosen, setChosen] = useState<string[]>([user.id]);
  const [reason, setReason] = useState('');
  const [phase, setPhase] = useState<Phase>({ step: 'idle' });
  const [error, setError] = useState<ApiError | string | undefined>();
  const [resumed, setResumed] = useState(false);
  const upload = useRef<Upload | null>(null);
  const picked = useRef<File | null>(null);

  if (!can(user, 'record.upload_read')) return null;
  const mayUpload = can(user, 'record.upload');

  const pick = (f: File | null) => {
    setFile(f);
    setPhase({ step: 'idle' });
    setError(undefined);
    upload.current = null;
    picked.current = f;
    setResumed(false);
    if (!f) return;
    setKind(kindOf(f));
    // A recording ends about when its file was last written.
    if (f.lastModified) setTo(toInput(f.lastModified));
    void hasSavedUpload(f, target).then((saved) => picked.current === f && setResumed(saved));
  };

  async function finish(id: string, lateReason: string | null) {
    try {
      const done = await completeUpload(id, lateReason);
      setPhase({ step: 'done', late: done.late });
      list.reload();
    } catch (e) {
      const err = e as ApiError;
      if (err.issues?.some((i) => i.code === 'upload.late_reason_required')) {
        setPhase({ step: 'reason' });
        setError(err.refusal ? `${err.refusal.message}(${err.refusal.rule})` : err.message);
        return;
      }
      setPhase({ step: 'idle' });
      setError(err.refusal ? `${err.refusal.message}` : err);
      list.reload();
    }
  }

  async function send() {
    if (!file) return;
    setError(undefined);
    let up = upload.current;
    if (!up) {
      const u = fieldUpload(file, target, {
        // A progress report that lands after a pause must not undo it.
        progress: (sent) => setPhase((p) => (p.step === 'sending' ? { step: 'sending', sent } : p)),
        success: () => void finish(uploadId(u)!, null),
        error: (e) => {
          // Refused before it was created (labels, scope): the next try creates it afresh from the form.
          if (!u.url) upload.current = null;
          setPhase({ step: 'idle' });
          setError(e ?? t('mobile.networkLost'));
        },
      });
      try {
        if (!(await resumeSaved(u))) {
          setPhase({ step: 'hashing', done: 0 });
          const sha256 = await hashFile(file, (done) => setPhase({ step: 'hashing', done }));
          u.options.metadata = labels({
            filename: file.name,
            filetype: file.type || 'application/octet-stream',
            kind,
            target: target.kind,
            targetId: target.id,
            capturedFrom: fromInput(from),
            capturedTo: fromInput(to),
            matter: matter.trim(),
            officers: chosen.join(','),
            recorderSerial: serial.trim(),
            sha256,
          });
        }
      } catch (e) {
        setPhase({ step: 'idle' });
        setError(e instanceof ApiError ? e : t('mobile.networkLost'));
        return;
      }
      upload.current = up = u;
    }
    setPhase((p) => ({ step: 'sending', sent: p.step === 'paused' ? p.sent : 0 }));
    // Creates the upload, or asks the server its offset (HEAD) and sends the rest.
    up.start();
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const id = upload.current && uploadId(upload.current);
    if (phase.step === 'reason' && id) void finish(id, reason.trim());
    else void send();
  };
  const pause = () => {
    void upload.current?.abort();
    setPhase((p) => ({ step: 'paused', sent: p.step === 'sending' ? p.sent : 0 }));
  };
  const busy = phase.step === 'hashing' || phase.step === 'sending';
  const pct = (n: number) => (file && file.size ? Math.floor((n / file.size) * 100) : 0);

  return (
    <section className="card field-uploads" data-testid="field-uploads">
      <h2>{t('mobile.title')}</h2>
      <p className="small muted">{t(target.kind === 'case' ? 'mobile.hintCase' : 'mobile.hintDevice')}</p>
      {mayUpload && (
        <form className="field-upload-form" onSubmit={submit} data-testid="field-upload-form">
          <label className="field">
            <span>{t('mobile.file')}</span>
            <input type="file" name="file" accept="video/*,audio/*,image/*,application/pdf" capture="environment" disabled={busy} onChange={(e) => pick(e.target.files?.[0] ?? null)} required />
          </label>
          {resumed && <p className="small">{t('mobile.resumable')}</p>}
          <label className="field">
            <span>{t('mobile.kind')}</span>
            <select name="kind" value={kind} disabled={busy || resumed} onChange={(e) => setKind(e.target.value as UploadKind)}>
              {(['video', 'audio', 'photo', 'document'] as const).map((k) => (
                <option key={k} value={k}>
                  {t(`mobile.kinds.${k}`)}
                </option>
              ))}
            </select>
          </label>
          <div className="field-upload-times">
            <label className="field">
              <span>{t('mobile.capturedFrom')}</span>
              <input type="datetime-local" name="capturedFrom" value={from} disabled={busy || resumed} onChange={(e) => setFrom(e.target.value)} required />
            </label>
            <label className="field">
              <span>{t('mobile.capturedTo')}</span>
              <input type="datetime-local" name="capturedTo" value={to} disabled={busy || resumed} onChange={(e) => setTo(e.target.value)} required />
            </label>
          </div>
          <p className="field">
            <span>{t('mobile.party')}</span> <strong data-testid="upload-party">{partyName}</strong>
          </p>
          <label className="field">
            <span>{t('mobile.matter')}</span>
            <input type="text" name="matter" value={matter} maxLength={500} disabled={busy || resumed} onChange={(e) => setMatter(e.target.value)} placeholder={t('mobile.matterHint')} required />
          </label>
          <fieldset className="field" disabled={busy || resumed}>
            <legend>{t('mobile.officers')}</legend>
            {people.map((o) => (
              <label key={o.id} className="check">
                <input type="checkbox" name="officer" value={o.id} checked={chosen.includes(o.id)} onChange={(e) => setChosen((c) => (e.target.checked ? [...c, o.id] : c.filter((x) => x !== o.id)))} /> {o.name}
              </label>
            ))}
          </fieldset>
          <label className="field">
            <span>{t('mobile.serial')}</span>
            <input type="text" name="recorderSerial" value={serial} maxLength={100} disabled={busy || resumed} onChange={(e) => setSerial(e.target.value)} />
          </label>
          {phase.step === 'reason' && (
            <label className="field">
              <span>{t('mobile.lateReason')}</span>
              <textarea name="lateReason" value={reason} maxLength={2000} onChange={(e) => setReason(e.target.value)} required autoFocus />
            </label>
          )}
          {(phase.step === 'hashing' || phase.step === 'sending' || phase.step === 'paused') && (
            <div className="field-upload-progress" data-phase={phase.step}>
              <progress max={100} value={pct(phase.step === 'hashing' ? phase.done : phase.sent)} data-testid="upload-progress" />
              <span className="small">{phase.step === 'hashing' ? t('mobile.hashing', { pct: pct(phase.done) }) : t(phase.step === 'paused' ? 'mobile.paused' : 'mobile.sending', { pct: pct(phase.sent) })}</span>
            </div>
          )}
          <ErrorBanner error={error} />
          {phase.step === 'done' && <Notice>{t(phase.late ? 'mobile.doneLate' : 'mobile.done')}</Notice>}
          {/* Both buttons stay in place: a tap on 暂停 never lands on the 继续上传 that replaces it. */}
          <div className="actions">
            <button type="submit" className="btn btn-primary" disabled={!file || chosen.length === 0 || busy || phase.step === 'done'} data-action="start-upload">
              {t(phase.step === 'reason' ? 'mobile.sendReason' : phase.step === 'paused' || resumed ? 'mobile.resume' : 'mobile.upload')}
            </button>
            <button type="button" className="btn" onClick={pause} disabled={phase.step !== 'sending'} data-action="pause-upload">
              {t('mobile.pause')}
            </button>
          </div>
        </form>
      )}
      <UploadList items={list.data?.items} error={list.error} />
    </section>
  );
}
