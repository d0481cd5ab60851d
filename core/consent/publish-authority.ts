import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { placementDigest } from './placement.js';
import { parseTicket, ticketMatches, ticketTimeProblem } from './publish-ticket.js';
import { keyMatches, keyPrefix } from './stream-key.js';

/** Why a publish is refused. Stable codes: streams logs and records them. */
export type PublishRefusal =
  | 'malformed_key'
  | 'unknown_key'
  | 'key_rotated'
  | 'key_revoked'
  | 'ticket_expired'
  | 'wrong_device'
  | 'device_retired'
  | 'device_suspended'
  | 'no_consent'
  | 'consent_not_signed'
  | 'consent_suspended'
  | 'consent_revoked'
  | 'consent_expired'
  | 'consent_not_yet_valid'
  | 'placement_changed';

export type PublishDecision =
  | { allowed: true; deviceId: string; businessId: string; siteId: string; consentId: string; credentialId: string }
  | { allowed: false; reason: PublishRefusal; deviceId: string | null };

/**
 * The one authority on "may this key publish now?". A key publishes only while its credential
 * is active, its device is in service, and a signed consent is in force today (Asia/Shanghai)
 * that covers the device exactly where and how it is now. Every call reads the database, so a
 * revocation or rotation takes effect at once.
 *
 * `key` may also be a publish ticket made from the key (core/consent/publish-ticket.ts: the
 * platform's own simulated cameras use one so the key is on no command line). It answers as its
 * key would, and a publish may start only before the ticket expires; `running` re-checks a
 * publish already accepted, for which the ticket's expiry no longer matters (its key still does).
 */
export async function mayPublish(db: Kysely<Database>, req: { key: string; deviceId?: string | null; running?: boolean }): Promise<PublishDecision> {
  const ticket = parseTicket(req.key);
  const prefix = ticket?.prefix ?? keyPrefix(req.key);
  if (!prefix) return { allowed: false, reason: 'malformed_key', deviceId: null };
  if (ticket && ticketTimeProblem(ticket) === 'too_long') return { allowed: false, reason: 'malformed_key', deviceId: null };
  const cred = await db.selectFrom('device_credentials').select(['id', 'device_id', 'key_sha256', 'status']).where('key_prefix', '=', prefix).executeTakeFirst();
  const matches = cred && (ticket ? ticketMatches(ticket, cred.key_sha256, cred.device_id) : keyMatches(req.key, cred.key_sha256));
  if (!cred || !matches) return { allowed: false, reason: 'unknown_key', deviceId: null };
  const deviceId = cred.device_id;
  const refuse = (reason: PublishRefusal): PublishDecision => ({ allowed: false, reason, deviceId });
  if (req.deviceId && req.deviceId !== deviceId) return { allowed: false, reason: 'wrong_device', deviceId: null };
  if (cred.status === 'rotated') return refuse('key_rotated');
  if (cred.status === 'revoked') return refuse('key_revoked');
  if (ticket && !req.running && ticketTimeProblem(ticket) === 'expired') return refuse('ticket_expired');

  const gate = await deviceGate(db, deviceId);
  if (!gate.ok) return refuse(gate.reason);
  return { allowed: true, deviceId, businessId: gate.businessId, siteId: gate.siteId, consentId: gate.consentId, credentialId: cred.id };
}

export type DeviceGate = { ok: true; consentId: string; businessId: string; siteId: string } | { ok: false; reason: PublishRefusal };

/**
 * Whether a device, whatever key it holds, may stream now: in service, and covered by a signed
 * consent in force today that describes it as it is placed now.
 */
export async function deviceGate(db: Kysely<Database>, deviceId: string): Promise<DeviceGate> {
  const refuse = (reason: PublishRefusal): DeviceGate => ({ ok: false, reason });
  const device = await db.selectFrom('devices').selectAll().where('id', '=', deviceId).executeTakeFirst();
  if (!device) return refuse('no_consent');
  if (device.status === 'retired') return refuse('device_retired');
  if (device.status === 'suspended') return refuse('device_suspended');

  // Every consent that ever named this device, newest first, with today's date in China.
  const consents = await db
    .selectFrom('consent_devices as cd')
    .innerJoin('consents as c', 'c.id', 'cd.consent_id')
    .select(['c.id', 'c.status', 'c.valid_from', 'c.valid_until', 'cd.placement_sha256'])
    .select(sql<string>`to_char((now() AT TIME ZONE 'Asia/Shanghai')::date, 'YYYY-MM-DD')`.as('today'))
    .select(sql<string>`to_char(c.valid_from, 'YYYY-MM-DD')`.as('from_text'))
    .select(sql<string>`to_char(c.valid_until, 'YYYY-MM-DD')`.as('until_text'))
    .where('cd.device_id', '=', deviceId)
    .where('c.status', 'not in', ['draft', 'withdrawn'])
    .orderBy('c.created_at', 'desc')
    .execute();
  const inForce = consents.find((c) => c.status === 'active' || c.status === 'suspended');
  if (!inForce) {
    if (consents.some((c) => c.status === 'proposed')) return refuse('consent_not_signed');
    const last = consents[0];
    if (last?.status === 'revoked') return refuse('consent_revoked');
    if (last?.status === 'expired') return refuse('consent_expired');
    return refuse('no_consent');
  }
  if (inForce.status === 'suspended') return refuse('consent_suspended');
  if (inForce.until_text < inForce.today) return refuse('consent_expired');
  if (inForce.from_text > inForce.today) return refuse('consent_not_yet_valid');
  if (inForce.placement_sha256 !== placementDigest(device)) {
    return refuse(consents.some((c) => c.status === 'proposed') ? 'consent_not_signed' : 'placement_changed');
  }
  return { ok: true, consentId: inForce.id, businessId: device.business_id, siteId: device.site_id };
}
