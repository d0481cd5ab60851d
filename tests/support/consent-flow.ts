import type { Kysely } from 'kysely';
import type { Database } from '../../core/db/database.js';
import type { Session } from './api-client.js';
import { signaturePng } from './signature-png.js';

type C = { id: string; version: number; textSha256: string; statements: { key: string }[] };
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const inAYear = () => new Date(Date.now() + 365 * 86400_000).toISOString().slice(0, 10);

async function ok<T>(res: Response): Promise<T> {
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * Through the real API: an officer proposes a consent for the business user's first site, the
 * business signs it with the code it was sent (read from the outbox), and a stream key is
 * issued for the first device. For tests that need a device allowed to publish.
 */
export async function consentedDevice(db: Kysely<Database>, officer: Session, biz: Session) {
  const site = await db.selectFrom('sites').select('id').where('business_id', '=', biz.user.businessId!).orderBy('created_at').executeTakeFirstOrThrow();
  const deviceIds = (await db.selectFrom('devices').select('id').where('site_id', '=', site.id).orderBy('created_at').execute()).map((d) => d.id);
  const draft = await ok<C>(await officer.post('/api/consents', { siteId: site.id, deviceIds, purpose: '非现场监管', retention: '6 个月', viewers: '授权执法人员', validFrom: today(), validUntil: inAYear() }));
  const proposed = await ok<C>(await officer.post(`/api/consents/${draft.id}/propose`, { version: draft.version }));
  await ok(await biz.post(`/api/consents/${proposed.id}/code`, { channel: 'email' }));
  const mail = await db.selectFrom('outbox_messages').select('body').where('purpose', '=', 'consent.sign').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
  const code = /验证码[:：]\s*(\d{6})/.exec(mail.body)![1];
  const signed = await ok<C>(await biz.post(`/api/consents/${proposed.id}/sign`, { code, signerName: '王建国', confirmed: proposed.statements.map((s) => s.key), signaturePng: signaturePng(), textSha256: proposed.textSha256 }));
  const issued = await ok<{ key: string }>(await officer.post(`/api/devices/${deviceIds[0]}/credentials`, {}));
  return { consent: signed, deviceId: deviceIds[0], key: issued.key, deviceIds };
}
