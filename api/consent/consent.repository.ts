import { addressesInForce } from '../registry/service-address.repository.js';
import { sql, type ExpressionBuilder } from 'kysely';
import type { Db } from '../../core/db/connect.js';
import type { ConsentStatus, Database, DeviceSnapshot } from '../../core/db/database.js';
import { placementDigest } from '../../core/consent/placement.js';
import { escapeLike, type Scope } from '../access/scope.js';
import type { ConsentDeviceView, ConsentView } from './consent.dto.js';

export type ConsentFilter = { status?: ConsentStatus; businessId?: string; siteId?: string; limit: number; offset: number };

/**
 * Officers see their agency subtree; a business sees its own consents once they were sent to
 * it (drafts, and drafts withdrawn before sending, stay internal).
 */
function visibleTo(scope: Scope) {
  return (eb: ExpressionBuilder<Database & { c: Database['consents']; b: Database['businesses']; a: Database['agencies'] }, 'c' | 'b' | 'a'>) =>
    scope.kind === 'business'
      ? eb.and([eb('c.business_id', '=', scope.businessId), eb('c.proposed_at', 'is not', null)])
      : eb('a.path', 'like', `${escapeLike(scope.path)}%`);
}

/** The only place that queries consents; every read for a caller is scoped. */
export function createConsentRepository(db: Db) {
  const base = (scope: Scope | null) => {
    let q = db
      .selectFrom('consents as c')
      .innerJoin('businesses as b', 'b.id', 'c.business_id')
      .innerJoin('agencies as a', 'a.id', 'c.agency_id')
      .innerJoin('sites as s', 's.id', 'c.site_id')
      .leftJoin('consents as am', 'am.id', 'c.amends_id')
      // The issuing officer: who sent it to the business (for a draft, who drafted it).
      .innerJoin('users as iu', (j) => j.on((eb) => eb('iu.id', '=', eb.fn.coalesce('c.proposed_by', 'c.created_by'))))
      .selectAll('c')
      .select(['b.name as business_name', 'b.credit_code', 's.name as site_name', 's.address as site_address', 'a.name as agency_name', 'a.phone as agency_phone', 'am.ref as amends_ref'])
      .select(['iu.display_name as issuer_name', 'iu.certificate_no as issuer_certificate_no'])
      .select((eb) => eb.selectFrom('consent_devices as cd').whereRef('cd.consent_id', '=', 'c.id').select(eb.fn.countAll<number>().as('n')).as('device_count'));
    if (scope) q = q.where(visibleTo(scope));
    return q;
  };

  return {
    async list(scope: Scope, f: ConsentFilter) {
      let q = base(scope);
      if (f.status) q = q.where('c.status', '=', f.status);
      if (f.businessId) q = q.where('c.business_id', '=', f.businessId);
      if (f.siteId) q = q.where('c.site_id', '=', f.siteId);
      const items = (await q.orderBy('c.updated_at', 'desc').orderBy('c.id').limit(f.limit).offset(f.offset).execute()) as ConsentView[];
      let count = db.selectFrom('consents as c').innerJoin('agencies as a', 'a.id', 'c.agency_id').innerJoin('businesses as b', 'b.id', 'c.business_id').where(visibleTo(scope));
      if (f.status) count = count.where('c.status', '=', f.status);
      if (f.businessId) count = count.where('c.business_id', '=', f.businessId);
      if (f.siteId) count = count.where('c.site_id', '=', f.siteId);
      const total = await count.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      return { items, total: Number(total.n) };
    },

    /** A consent in the caller's scope (or any, with scope null), or undefined. */
    async get(scope: Scope | null, id: string): Promise<ConsentView | undefined> {
      return (await base(scope).where('c.id', '=', id).executeTakeFirst()) as ConsentView | undefined;
    },

    /** By the ref in the public verify link (random; sequential only for consents sent before). */
    async byPublicRef(publicRef: string): Promise<ConsentView | undefined> {
      return (await base(null).where('c.public_ref', '=', publicRef).executeTakeFirst()) as ConsentView | undefined;
    },

    /** The consent's devices as agreed, each marked whether the device is still placed that way. */
    async devices(consentId: string): Promise<ConsentDeviceView[]> {
      const rows = await db
        .selectFrom('consent_devices as cd')
        .innerJoin('devices as d', 'd.id', 'cd.device_id')
        .select(['cd.device_id', 'cd.snapshot', 'cd.placement_sha256'])
        .select(['d.name', 'd.kind', 'd.mobility', 'd.protocol', 'd.points_at', 'd.coverage', 'd.records_audio', 'd.site_id'])
        .where('cd.consent_id', '=', consentId)
        .orderBy('cd.position')
        .execute();
      return rows.map((r) => ({ device_id: r.device_id, snapshot: r.snapshot as DeviceSnapshot, current: placementDigest(r) === r.placement_sha256 }));
    },

    async photos(consentId: string) {
      return db.selectFrom('consent_attachments').select(['id', 'media_type', 'blob_sha256', 'created_at']).where('consent_id', '=', consentId).orderBy('created_at').execute();
    },

    async nextRef(): Promise<string> {
      const { rows } = await sql<{ n: string; y: string }>`SELECT nextval('consent_ref_seq')::text AS n, to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY') AS y`.execute(db);
      return `QR${rows[0].y}-${rows[0].n.padStart(6, '0')}`;
    },

    /** Verified e-mail / SMS service addresses of the business (never merely registered ones), then the user's own. */
    async codeAddresses(businessId: string, userId: string) {
      const [addresses, user] = await Promise.all([
        addressesInForce(db, businessId),
        db.selectFrom('users').select(['email', 'phone']).where('id', '=', userId).executeTakeFirst(),
      ]);
      const email = addresses.find((a) => a.method === 'email')?.address ?? user?.email ?? null;
      const sms = addresses.find((a) => a.method === 'sms')?.address ?? user?.phone ?? null;
      return { email: email || null, sms: sms || null };
    },
  };
}
export type ConsentRepository = ReturnType<typeof createConsentRepository>;
