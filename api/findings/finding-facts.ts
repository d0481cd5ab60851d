import type { Kysely } from 'kysely';
import type { FlagType } from '../../core/analysis/rule-definition.js';
import type { Database } from '../../core/db/database.js';
import type { FindingFacts } from './finding-message.js';

/** Everything a message or page says about a finding: what, where, when, which rule, by when. */
export async function loadFindingFacts(db: Kysely<Database>, findingId: string, publicBaseUrl: string) {
  const r = await db
    .selectFrom('findings as fi')
    .innerJoin('flags as f', 'f.id', 'fi.flag_id')
    .innerJoin('businesses as b', 'b.id', 'fi.business_id')
    .innerJoin('sites as s', 's.id', 'fi.site_id')
    .innerJoin('devices as d', 'd.id', 'fi.device_id')
    .innerJoin('agencies as a', 'a.id', 'fi.agency_id')
    .leftJoin('analysis_rule_versions as rv', (j) => j.onRef('rv.rule_id', '=', 'f.rule_id').onRef('rv.version', '=', 'f.rule_version'))
    .select([
      'fi.id',
      'fi.respond_by',
      'f.type',
      'f.started_at',
      'f.snapshot_sha256',
      'f.clip_sha256',
      'b.name as business_name',
      's.name as site_name',
      's.address as site_address',
      'd.name as device_name',
      'a.name as agency_name',
      'rv.name as rule_name',
    ])
    .where('fi.id', '=', findingId)
    .executeTakeFirst();
  if (!r) return null;
  const facts: FindingFacts = {
    findingId: r.id,
    agencyName: r.agency_name,
    businessName: r.business_name,
    siteName: r.site_name,
    siteAddress: r.site_address,
    deviceName: r.device_name,
    type: r.type as FlagType,
    ruleName: r.rule_name ?? null,
    occurredAt: new Date(r.started_at),
    respondBy: new Date(r.respond_by),
    portalUrl: `${publicBaseUrl}/portal/findings/${r.id}`,
  };
  return { facts, snapshotSha256: r.snapshot_sha256, clipSha256: r.clip_sha256 };
}
