import { sql } from 'kysely';
import type { Db } from '../../core/db/connect.js';
import type { Span } from './blind-time.js';

const ms = (d: Date | string) => new Date(d).getTime();

/** The only place that reads recordings, their gaps, and the device's consent and installation times. */
export function createMediaRepository(db: Db) {
  return {
    /** What the recordings page names: the device, its site and its business. */
    deviceHeader(deviceId: string) {
      return db
        .selectFrom('devices as d')
        .innerJoin('sites as s', 's.id', 'd.site_id')
        .innerJoin('businesses as b', 'b.id', 'd.business_id')
        .select(['d.id', 'd.name', 'd.kind', 'd.status', 'd.points_at', 's.id as site_id', 's.name as site_name', 's.address as site_address', 'b.id as business_id', 'b.name as business_name'])
        .where('d.id', '=', deviceId)
        .executeTakeFirst();
    },

    /**
     * Recorded runs between two instants: consecutive segments less than `joinMs` apart are one
     * run (a day is a few runs, not 8,640 segments). Purged segments count as recorded unless
     * `playableOnly` (they cannot be played any more).
     */
    async recordedRuns(deviceId: string, from: Date, to: Date, opts: { playableOnly: boolean; joinMs: number }) {
      const purged = opts.playableOnly ? sql`AND purged_at IS NULL` : sql``;
      const r = await sql<{ started_at: Date; ended_at: Date; segments: number; partial: boolean }>`
        WITH s AS (
          SELECT started_at, ended_at, partial,
                 CASE WHEN started_at > max(ended_at) OVER (ORDER BY started_at, seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) + ${opts.joinMs} * interval '1 millisecond'
                      THEN 1 ELSE 0 END AS brk
          FROM recording_segments
          WHERE device_id = ${deviceId} AND ended_at > ${from} AND started_at < ${to} ${purged}
        ), g AS (SELECT *, sum(brk) OVER (ORDER BY started_at ROWS UNBOUNDED PRECEDING) AS grp FROM s)
        SELECT min(started_at) AS started_at, max(ended_at) AS ended_at, count(*)::int AS segments, bool_or(partial) AS partial
        FROM g GROUP BY grp ORDER BY 1`.execute(db);
      return r.rows.map((x) => ({ startedAt: new Date(x.started_at), endedAt: new Date(x.ended_at), segments: Number(x.segments), partial: x.partial }));
    },

    /** Playable segments from the one holding `from` on, in order, at most `limit`. */
    segmentsFrom(deviceId: string, from: Date, to: Date, limit: number) {
      return db
        .selectFrom('recording_segments')
        .select(['id', 'session_id', 'blob_sha256', 'size', 'container', 'started_at', 'ended_at', 'stream_start_ms', 'stream_end_ms'])
        .where('device_id', '=', deviceId)
        .where('purged_at', 'is', null)
        .where('ended_at', '>', from)
        .where('started_at', '<', to)
        .orderBy('started_at')
        .orderBy('seq')
        .limit(limit)
        .execute();
    },

    /** The first playable recording at or after an instant (to skip a gap). */
    async nextRecordingAfter(deviceId: string, at: Date) {
      const r = await db.selectFrom('recording_segments').select('started_at').where('device_id', '=', deviceId).where('purged_at', 'is', null).where('started_at', '>=', at).orderBy('started_at').limit(1).executeTakeFirst();
      return r ? new Date(r.started_at) : null;
    },

    gaps(deviceId: string, from: Date, to: Date) {
      return db.selectFrom('recording_gaps').selectAll().where('device_id', '=', deviceId).where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>=', from)])).where('started_at', '<=', to).orderBy('started_at').execute();
    },

    async isLive(deviceId: string) {
      return !!(await db.selectFrom('publish_sessions').select('id').where('device_id', '=', deviceId).where('ended_at', 'is', null).executeTakeFirst());
    },

    /** The device's installation: its first accepted stream (null: it has never streamed). */
    async installedAt(deviceId: string) {
      const r = await db.selectFrom('publish_sessions').select((eb) => eb.fn.min('started_at').as('first')).where('device_id', '=', deviceId).executeTakeFirst();
      return r?.first ? ms(r.first) : null;
    },

    /**
     * Each signed consent covering the device: in force from its signing (or its first valid day,
     * Asia/Shanghai, if later) until it was suspended, superseded, revoked or expired, or its last
     * valid day ended; `to` null while it is still in force.
     */
    async consentSpans(deviceId: string): Promise<{ from: number; to: number | null }[]> {
      const r = await sql<{ from: Date; to: Date | null }>`
        SELECT greatest(c.signed_at, (c.valid_from::timestamp AT TIME ZONE 'Asia/Shanghai')) AS "from",
               CASE WHEN c.status = 'active' AND c.valid_until >= (now() AT TIME ZONE 'Asia/Shanghai')::date THEN NULL
                    ELSE least(coalesce(c.status_changed_at, 'infinity'::timestamptz), ((c.valid_until + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')) END AS "to"
        FROM consents c JOIN consent_devices cd ON cd.consent_id = c.id
        WHERE cd.device_id = ${deviceId} AND c.signed_at IS NOT NULL
          AND c.status IN ('active', 'suspended', 'superseded', 'revoked', 'expired')`.execute(db);
      return r.rows.map((x) => ({ from: ms(x.from), to: x.to === null ? null : ms(x.to) })).filter((x) => x.to === null || x.to > x.from);
    },

    /** Flags of the device in a window, for marks on the timeline. */
    flags(deviceId: string, from: Date, to: Date) {
      return db
        .selectFrom('flags')
        .select(['id', 'type', 'state', 'started_at', 'ended_at'])
        .where('device_id', '=', deviceId)
        .where('started_at', '<', to)
        .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>', from)]))
        .orderBy('started_at')
        .limit(2000)
        .execute();
    },

    /** A playback view: who asked, which stretch; ledgered by the caller in the same transaction. */
    /** A playback view; `grantId`: the access grant (调用单) it was read under, when outside the viewer's scope. */
    insertPlaybackView(trx: Db, v: { userId: string; deviceId: string; ip: string | null; segmentId: string; from: Date; to: Date; grantId: string | null }) {
      return trx.insertInto('media_views').values({ user_id: v.userId, device_id: v.deviceId, kind: 'playback', segment_id: v.segmentId, ip: v.ip, range_from: v.from, range_to: v.to, grant_id: v.grantId }).returningAll().executeTakeFirstOrThrow();
    },

    playbackView(viewId: string) {
      return db.selectFrom('media_views').selectAll().where('id', '=', viewId).where('kind', '=', 'playback').where('range_from', 'is not', null).executeTakeFirst();
    },

    async addViewBytes(viewId: string, bytes: number) {
      await db.updateTable('media_views').set((eb) => ({ bytes: eb('bytes', '+', bytes), ended_at: new Date() })).where('id', '=', viewId).execute();
    },
  };
}
export type MediaRepository = ReturnType<typeof createMediaRepository>;
export type { Span };
