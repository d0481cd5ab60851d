import { sql } from 'kysely';
import type { Db } from '../../core/db/connect.js';
import { purgeableSegments, type RetentionPolicy } from '../../core/retention/recording-retention.js';
import { escapeLike } from '../access/scope.js';

const inPath = (agencyPath: string) => sql<boolean>`a.path LIKE ${`${escapeLike(agencyPath)}%`}`;

/** The purge report's queries (保存与销毁), over one agency subtree; the forecast uses the purge's own query. */
export function createRetentionRepository(db: Db) {
  return {
    /**
     * What the purge will delete by `until` (core/retention purgeableSegments, the very query the
     * purge runs), per day it becomes due (China Standard Time), business and device.
     */
    forecast: (policy: RetentionPolicy, until: Date, agencyPath: string) =>
      db
        .selectFrom(
          purgeableSegments(db, policy, until)
            .innerJoin('agencies as a', 'a.id', 'b.agency_id')
            .where(inPath(agencyPath))
            .select(['s.size', 'b.id as business_id', 'b.name as business_name', 'd.id as device_id', 'd.name as device_name'])
            .as('p'),
        )
        .select((eb) => [
          sql<string>`to_char(p.due AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')`.as('day'),
          'p.business_id',
          'p.business_name',
          'p.device_id',
          'p.device_name',
          eb.fn.countAll<string>().as('segments'),
          sql<string>`coalesce(sum(p.size), 0)`.as('bytes'),
        ])
        .groupBy([sql`1`, 'p.business_id', 'p.business_name', 'p.device_id', 'p.device_name'])
        .orderBy(sql`1`)
        .orderBy('p.business_name')
        .orderBy('p.device_name')
        .limit(2000)
        .execute(),
    /** Whether the user holds an approved access grant (调用单) valid now on the record (any window of a device's recording). */
    hasGrant: async (userId: string, kind: 'device' | 'case' | 'document', id: string, now: Date) =>
      !!(await db
        .selectFrom('access_requests')
        .select('id')
        .where('requester_id', '=', userId)
        .where('purpose', '=', 'access')
        .where('status', '=', 'approved')
        .where('record_kind', '=', kind)
        .where('record_id', '=', id)
        .where('valid_from', '<=', now)
        .where('valid_until', '>', now)
        .executeTakeFirst()),
    /** Deletion records of blobs of devices in the subtree, newest first. */
    deletions: (agencyPath: string, limit: number) =>
      db
        .selectFrom('blob_deletions as x')
        .innerJoin('devices as d', (j) => j.on(sql<boolean>`d.id::text = x.subject ->> 'deviceId'`))
        .innerJoin('businesses as b', 'b.id', 'd.business_id')
        .innerJoin('agencies as a', 'a.id', 'b.agency_id')
        .where(inPath(agencyPath))
        .select(['x.sha256', 'x.size', 'x.rule', 'x.subject', 'x.deleted_at', 'x.key_id', 'x.signature', 'b.name as business_name', 'd.name as device_name'])
        .orderBy('x.deleted_at', 'desc')
        .limit(limit)
        .execute(),
  };
}
export type RetentionRepository = ReturnType<typeof createRetentionRepository>;
