import { useTranslation } from 'react-i18next';
import type { Participant, StaffMember } from '../../api/cases';

/** Officers to name on an act (行政处罚法 art. 42): each with his certificate number; one without cannot be chosen. */
export function OfficerPicker({ staff, chosen, onChange, error, legend, field = 'officerIds' }: { staff: StaffMember[]; chosen: string[]; onChange(ids: string[]): void; error?: string; legend: string; /** The request's field (officerIds on a stage, investigatorIds on a filing). */ field?: string }) {
  const { t } = useTranslation();
  const officers = staff.filter((s) => s.role === 'officer');
  return (
    <fieldset className={`field${error ? ' field-invalid' : ''}`} data-field={field} data-testid="officer-picker">
      <legend>
        {legend}
        <span className="req" aria-hidden="true">
          {' '}
          *
        </span>
      </legend>
      {officers.map((o) => (
        <label key={o.id} className="check">
          <input
            type="checkbox"
            name={field}
            value={o.id}
            disabled={!o.certificateNo}
            checked={chosen.includes(o.id)}
            onChange={(e) => onChange(e.target.checked ? [...chosen, o.id] : chosen.filter((x) => x !== o.id))}
          />{' '}
          {o.name} <span className="muted small">{o.certificateNo ? t('cases.ws.certificate', { no: o.certificateNo }) : t('cases.ws.noCertificate')}</span>
        </label>
      ))}
      {error && (
        <p className="field-error" data-testid={`error-${field}`}>
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** The people present at an act (the person questioned, the panel, the heads): name, capacity, ID number. */
export function ParticipantsEditor({ rows, onChange, error }: { rows: Participant[]; onChange(rows: Participant[]): void; error?: string }) {
  const { t } = useTranslation();
  const set = (i: number, patch: Partial<Participant>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset className={`field${error ? ' field-invalid' : ''}`} data-field="participants" data-testid="participants-editor">
      <legend>{t('cases.ws.participants')}</legend>
      {rows.map((r, i) => (
        <div key={i} className="participant-row">
          <input aria-label={t('cases.ws.participantName')} placeholder={t('cases.ws.participantName')} name={`participant-name-${i}`} value={r.name} maxLength={100} onChange={(e) => set(i, { name: e.target.value })} />
          <input aria-label={t('cases.ws.participantRole')} placeholder={t('cases.ws.participantRole')} name={`participant-role-${i}`} value={r.role} maxLength={50} onChange={(e) => set(i, { role: e.target.value })} />
          <input aria-label={t('cases.ws.participantIdNo')} placeholder={t('cases.ws.participantIdNo')} name={`participant-id-${i}`} value={r.idNo ?? ''} maxLength={40} onChange={(e) => set(i, { idNo: e.target.value })} />
          <button type="button" className="btn btn-quiet btn-small" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
            {t('cases.ws.removeParticipant')}
          </button>
        </div>
      ))}
      <button type="button" className="btn btn-small" onClick={() => onChange([...rows, { name: '', role: '', idNo: '' }])}>
        {t('cases.ws.addParticipant')}
      </button>
      {error && (
        <p className="field-error" data-testid="error-participants">
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** Participants as the API takes them: empty rows left out, an empty ID number as null. */
export const cleanParticipants = (rows: Participant[]) => rows.filter((r) => r.name.trim()).map((r) => ({ name: r.name.trim(), role: r.role.trim() || '-', idNo: r.idNo?.trim() || null }));
