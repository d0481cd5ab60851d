type Tone = 'ok' | 'warn' | 'bad' | 'off';

const TONES: Record<string, Tone> = {
  active: 'ok',
  pending_consent: 'warn',
  suspended: 'warn',
  fault: 'bad',
  archived: 'off',
  retired: 'off',
  withdrawn: 'off',
  pending_verification: 'warn',
  verified: 'ok',
  proposed: 'warn',
  draft: 'off',
  superseded: 'off',
  expired: 'bad',
  revoked: 'bad',
  rotated: 'off',
  missing: 'bad',
  pending_signature: 'warn',
  expiring: 'warn',
  uncovered_devices: 'bad',
  ok: 'ok',
};

export function StatusBadge({ status, label }: { status: string; label: string }) {
  return <span className={`badge badge-${TONES[status] ?? 'off'}`}>{label}</span>;
}
