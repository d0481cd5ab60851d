import { sql } from 'kysely';
import type { Db } from '../../core/db/connect.js';
import { placementDigest } from '../../core/consent/placement.js';
import { inScope, type Scope } from '../access/scope.js';

export type CoverageState = 'missing' | 'expired' | 'revoked' | 'suspended' | 'uncovered_devices' | 'pending_signature' | 'expiring' | 'ok';
const ORDER: CoverageState[] = ['missing', 'expired', 'revoked', 'suspended', 'uncovered_devices', 'pending_signature', 'expiring', 'ok'];
const EXPIRING_DAYS = 30;

/**
 * Every active site in scope that has devices, and whether a signed consent in force covers
 * each device as placed now: the officer's list of missing, expired or pending consents.
 * Four set queries, whatever the number of sites.
 */
export async function consentCoverage(db: Db, scope: Scope, limit = 500) {
  const sites = await db
    .selectFrom('sites as s')
    .innerJoin('businesses as b', 'b.id', 's.business_id')
    .innerJoin('agencies as a', 'a.id', 'b.agency_id')
    .where(inScope(scope))
    .where('s.status', '=', 'active')
    .where('b.status', '=', 'active')
    .where((eb) => eb.exists(eb.selectFrom('devices as d').whereRef('d.site_id', '=', 's.id').where('d.status', '!=', 'retired')))
    .select(['s.id', 's.name', 'b.id as business_id', 'b.name as business_name', 'a.name as agency_name'])
    .orderBy('b.name')
    .orderBy('s.name')
    .limit(limit)
    .execute();
  if (!sites.length) return [];
  const siteIds = sites.map((s) => s.id);
  const [devices, consents, today] = await Promise.all([
    db.selectFrom('devices').selectAll().where('site_id', 'in', siteIds).where('status', '!=', 'retired').execute(),
    db.selectFrom('consents').select(['id', 'ref', 'site_id', 'status', 'valid_until', 'created_at']).where('site_id', 'in', siteIds).where('status', 'not in', ['draft', 'withdrawn']).orderBy('created_at', 'desc').execute(),
    sql<{ d: string; soon: string }>`SELECT to_char((now() AT TIME ZONE 'Asia/Shanghai')::date, 'YYYY-MM-DD') AS d, to_char((now() AT TIME ZONE 'Asia/Shanghai')::date + ${EXPIRING_DAYS}::int, 'YYYY-MM-DD') AS soon`.execute(db),
  ]);
  const inForceIds = consents.filter((c) => c.status === 'active' || c.status === 'suspended').map((c) => c.id);
  const covered = inForceIds.length ? await db.selectFrom('consent_devices').select(['consent_id', 'device_id', 'placement_sha256']).where('consent_id', 'in', inForceIds).execute() : [];
  const { d: todayStr, soon } = today.rows[0];

  const out = sites.map((s) => {
    const mine = consents.filter((c) => c.site_id === s.id);
    const inForce = mine.find((c) => c.status === 'active' || c.status === 'suspended') ?? null;
    const pending = mine.some((c) => c.status === 'proposed');
    const siteDevices = devices.filter((d) => d.site_id === s.id);
    const uncovered = siteDevices.flatMap((d) => {
      const cd = inForce ? covered.find((x) => x.consent_id === inForce.id && x.device_id === d.id) : undefined;
      if (!cd) return [{ id: d.id, name: d.name, reason: pending ? 'consent_not_signed' : 'no_consent' }];
      if (cd.placement_sha256 !== placementDigest(d)) return [{ id: d.id, name: d.name, reason: pending ? 'consent_not_signed' : 'placement_changed' }];
      return [];
    });
    let state: CoverageState;
    if (!inForce) state = pending ? 'pending_signature' : mine[0]?.status === 'expired' ? 'expired' : mine[0]?.status === 'revoked' ? 'revoked' : 'missing';
    else if (inForce.status === 'suspended') state = 'suspended';
    else if (inForce.valid_until < todayStr) state = 'expired';
    else if (uncovered.length) state = 'uncovered_devices';
    else if (inForce.valid_until <= soon) state = 'expiring';
    else state = 'ok';
    const shown = inForce ?? mine[0] ?? null;
    return {
      siteId: s.id,
      siteName: s.name,
      businessId: s.business_id,
      businessName: s.business_name,
      agencyName: s.agency_name,
      deviceCount: siteDevices.length,
      coveredCount: siteDevices.length - uncovered.length,
      state,
      consent: shown ? { id: shown.id, ref: shown.ref, status: shown.status, validUntil: shown.valid_until } : null,
      uncoveredDevices: uncovered,
    };
  });
  return out.sort((x, y) => ORDER.indexOf(x.state as CoverageState) - ORDER.indexOf(y.state as CoverageState));
}
