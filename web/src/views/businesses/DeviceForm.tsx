import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createDevice } from '../../api/registry';
import type { DeviceKind, DeviceMobility } from '../../api/types';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field, describedBy } from '../../components/Field';
import { useSubmit } from '../../hooks/use-submit';

/** Registers a camera or sensor at a site; it stays "pending consent" until the business signs. */
export function DeviceForm({ siteId, onDone, onCancel }: { siteId: string; onDone(): void; onCancel(): void }) {
  const { t } = useTranslation();
  const uid = useId();
  const submit = useSubmit();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<DeviceKind>('camera');
  const [mobility, setMobility] = useState<DeviceMobility>('fixed');
  const [pointsAt, setPointsAt] = useState('');
  const [coverage, setCoverage] = useState('');
  const [recordsAudio, setRecordsAudio] = useState(false);
  const [calibrationDate, setCalibrationDate] = useState('');
  const [calibrationDueDate, setCalibrationDueDate] = useState('');

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const r = await submit.run(() =>
      createDevice(siteId, {
        name: name.trim(),
        kind,
        mobility,
        pointsAt: pointsAt.trim(),
        coverage: coverage.trim(),
        recordsAudio,
        calibrationDate: calibrationDate || null,
        calibrationDueDate: calibrationDueDate || null,
      }),
    );
    if (r.ok) onDone();
  }

  const f = (k: string) => ({ id: `${uid}-${k}`, err: submit.fieldError(k) });
  const [fn, fk, fm, fp, fc, fd, fdd] = ['name', 'kind', 'mobility', 'pointsAt', 'coverage', 'calibrationDate', 'calibrationDueDate'].map(f);
  return (
    <form className="subform" onSubmit={onSubmit} noValidate aria-label={t('device.add')}>
      <h4>{t('device.add')}</h4>
      <ErrorBanner error={submit.error} />
      <div className="grid-3">
        <Field id={fn.id} label={t('device.name')} field="name" error={fn.err} required>
          <input {...describedBy(fn.id, fn.err)} name="name" value={name} onChange={(e) => setName(e.target.value)} maxLength={100} required />
        </Field>
        <Field id={fk.id} label={t('device.kind')} field="kind" error={fk.err} required>
          <select {...describedBy(fk.id, fk.err)} name="kind" value={kind} onChange={(e) => setKind(e.target.value as DeviceKind)}>
            <option value="camera">{t('deviceKind.camera')}</option>
            <option value="sensor">{t('deviceKind.sensor')}</option>
          </select>
        </Field>
        <Field id={fm.id} label={t('device.mobility')} field="mobility" error={fm.err} required>
          <select {...describedBy(fm.id, fm.err)} name="mobility" value={mobility} onChange={(e) => setMobility(e.target.value as DeviceMobility)}>
            <option value="fixed">{t('mobility.fixed')}</option>
            <option value="mobile">{t('mobility.mobile')}</option>
          </select>
        </Field>
      </div>
      <div className="grid-2">
        <Field id={fp.id} label={t('device.pointsAt')} field="pointsAt" error={fp.err}>
          <input {...describedBy(fp.id, fp.err)} name="pointsAt" value={pointsAt} onChange={(e) => setPointsAt(e.target.value)} maxLength={300} />
        </Field>
        <Field id={fc.id} label={t('device.coverage')} field="coverage" error={fc.err}>
          <input {...describedBy(fc.id, fc.err)} name="coverage" value={coverage} onChange={(e) => setCoverage(e.target.value)} maxLength={300} />
        </Field>
        <Field id={fd.id} label={t('device.calibrationDate')} field="calibrationDate" error={fd.err}>
          <input {...describedBy(fd.id, fd.err)} name="calibrationDate" type="date" value={calibrationDate} onChange={(e) => setCalibrationDate(e.target.value)} />
        </Field>
        <Field id={fdd.id} label={t('device.calibrationDueDate')} field="calibrationDueDate" error={fdd.err}>
          <input {...describedBy(fdd.id, fdd.err)} name="calibrationDueDate" type="date" min={calibrationDate || undefined} value={calibrationDueDate} onChange={(e) => setCalibrationDueDate(e.target.value)} />
        </Field>
      </div>
      <label className="check">
        <input type="checkbox" name="recordsAudio" checked={recordsAudio} onChange={(e) => setRecordsAudio(e.target.checked)} />
        {t('device.recordsAudio')}
      </label>
      <div className="actions">
        <button type="button" className="btn" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={submit.busy}>
          {submit.busy ? t('common.saving') : t('device.add')}
        </button>
      </div>
    </form>
  );
}
