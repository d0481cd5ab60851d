import { sql } from 'kysely';
import type { Db } from '../../core/db/connect.js';
import { inScope, type Scope } from '../access/scope.js';

export type FlagFilter = { deviceId?: string; businessId?: string; type?: string; source?: 'rule' | 'tamper' | 'sensor'; state?: 'active' | 'ended' };
/** Keyset position: created_at to the microsecond (as text) and id. */
export type FlagCursor = { at: string; id: string };

/** The only place that reads flags; every read is scoped to the caller's agency subtree. */
export function createFlagRepository(db: Db) {
  const base = (scope: Scope, f: FlagFilter) => {
    let q = db
      .selectFrom('flags as f')
      .innerJoin('agencies as a', 'a.id', 'f.agency_id')
      .innerJoin('businesses as b', 'b.id', 'f.business_id')
      .innerJoin('devices as d', 'd.id', 'f.device_id')
      .innerJoin('sites as s', 's.id', 'f.site_id')
      .where(inScope(scope));
    if (f.deviceId) q = q.where('f.device_id', '=', f.deviceId);
    if (f.businessId) q = q.where('f.business_id', '=', f.businessId);
    if (f.type) q = q.where('f.type', '=', f.type as never);
    if (f.source) q = q.where('f.source', '=', f.source);
    return q;
  };
  const items = (scope: Scope, f: FlagFilter) =>
    base(scope, f)
      .leftJoin('analysis_rule_versions as v', (j) => j.onRef('v.rule_id', '=', 'f.rule_id').onRef('v.version', '=', 'f.rule_version'))
      .selectAll('f')
      .select(['d.name as device_name', 's.name as site_name', 'b.name as business_name', 'v.name as rule_name'])
      .select(sql<string>`to_char(f.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('cursor_at'));

  return {
    /** Newest first; one row more than `limit` tells whether there is a next page. */
    async list(scope: Scope, f: FlagFilter, limit: number, cursor: FlagCursor | null) {
      let q = items(scope, f);
      if (f.state) q = q.where('f.state', '=', f.state);
      if (cursor) q = q.where(sql<boolean>`(f.created_at, f.id) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`);
      return q.orderBy('f.created_at', 'desc').orderBy('f.id', 'desc').limit(limit + 1).execute();
    },

    /** Active and ended flags under the same filters, whatever the state filter and page. */
    async counts(scope: Scope, f: FlagFilter) {
      const row = await base(scope, f)
        .select([sql<string>`count(*) FILTER (WHERE f.state = 'active')`.as('active'), sql<string>`count(*) FILTER (WHERE f.state = 'ended')`.as('ended')])
        .executeTakeFirstOrThrow();
      return { active: Number(row.active), ended: Number(row.ended) };
    },

    get: (scope: Scope, id: string) => items(scope, {}).where('f.id', '=', id).executeTakeFirst(),

    segments: (flagId: string) =>
      db
        .selectFrom('flag_segments as fs')
        .innerJoin('recording_segments as r', 'r.id', 'fs.segment_id')
        .select(['r.id', 'r.started_at', 'r.ended_at', 'r.blob_sha256'])
        .where('fs.flag_id', '=', flagId)
        .orderBy('r.started_at')
        .orderBy('r.seq')
        .execute(),

    /** The versions of the flag's evidence clip, oldest first (each write-once, with its own hash). */
    clips: (flagId: string) =>
      db
        .selectFrom('flag_clips')
        .select(['version', 'blob_sha256', 'requested_from', 'requested_to', 'covers_from', 'covers_to', 'duration_ms', 'coverage', 'final', 'created_at'])
        .where('flag_id', '=', flagId)
        .orderBy('version')
        .execute(),

    clipSha256: async (flagId: string, version: number) =>
      (await db.selectFrom('flag_clips').select('blob_sha256').where('flag_id', '=', flagId).where('version', '=', version).executeTakeFirst())?.blob_sha256 ?? null,

    ruleVersion: (ruleId: string, version: number) =>
      db.selectFrom('analysis_rule_versions').select(['rule_id', 'version', 'kind', 'name', 'definition']).where('rule_id', '=', ruleId).where('version', '=', version).executeTakeFirst(),

    blobMediaType: async (sha256: string) => (await db.selectFrom('blobs').select('media_type').where('sha256', '=', sha256).executeTakeFirst())?.media_type ?? null,
  };
}
export type FlagRepository = ReturnType<typeof createFlagRepository>;
export type FlagListRow = Awaited<ReturnType<FlagRepository['list']>>[number];
