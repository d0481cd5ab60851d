import type { Kysely } from 'kysely';
import type { FlagType } from '../../core/analysis/rule-definition.js';
import type { Database } from '../../core/db/database.js';
import type { FindingFacts } from './finding-message.js';
import { createFindingRepository } from './finding.repository.js';

/** Everything a message or page says about a finding: what, where, when, which rule, by when. */
export async function loadFindingFacts(db: Kysely<Database>, findingId: string, publicBaseUrl: string) {
  const repo = createFindingRepository(db);
  const r = await repo.byId(findingId);
  if (!r) return null;
  const answer = (await repo.decisions(findingId)).find((d) => d.kind === 'accept' || d.kind === 'uphold');
  const facts: FindingFacts = {
    findingId: r.id,
    agencyName: r.agency_name,
    businessName: r.business_name,
    siteName: r.site_name,
    siteAddress: r.site_address,
    deviceName: r.device_name,
    type: r.type as FlagType,
    ruleName: r.rule_name ?? null,
    occurredAt: new Date(r.occurred_at),
    respondBy: new Date(r.respond_by),
    portalUrl: `${publicBaseUrl}/portal/findings/${r.id}`,
    decision: answer ? { kind: answer.kind as 'accept' | 'uphold', reply: answer.reason, decidedAt: new Date(answer.decided_at) } : null,
  };
  return { facts, snapshotSha256: r.snapshot_sha256, clipSha256: r.clip_sha256 };
}
