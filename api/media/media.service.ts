import { sql } from 'kysely';
import type { Db } from '../../core/db/connect.js';
import { appendLedger } from '../../core/ledger/append.js';
import { actorOf, type Caller } from '../http/request-context.js';
import type { Access } from '../access/access.service.js';
import { inScope } from '../access/scope.js';
import { stateFields, type DeviceStateRepository } from '../registry/device-state.repository.js';

/**
 * Live view and playback: the viewer's right is checked per device (agency subtree, or own
 * business), and every view is recorded (media_views) and ledgered before a byte is sent.
 */
export function createMediaService(deps: { db: Db; access: Access; deviceStates: DeviceStateRepository }) {
  const { db, access, deviceStates } = deps;

  async function deviceFor(caller: Caller, deviceId: string) {
    await access.require(caller, 'media.view', { kind: 'device', id: deviceId });
  }

  async function startView(caller: Caller, deviceId: string, kind: 'live' | 'playback', segmentId: string | null) {
    return db.transaction().execute(async (trx) => {
      const row = await trx.insertInto('media_views').values({ user_id: caller.user.id, device_id: deviceId, kind, segment_id: segmentId, ip: caller.ip }).returningAll().executeTakeFirstOrThrow();
      await appendLedger(trx, { actor: actorOf(caller.user), requestId: caller.requestId, action: kind === 'live' ? 'media.live_view_started' : 'media.recording_viewed', entityType: 'media_view', entityId: row.id, state: null, context: { deviceId, segmentId, ip: caller.ip } });
      return row.id;
    });
  }

  return {
    deviceFor,
    startView,
    async endView(viewId: string, bytes: number) {
      await db.updateTable('media_views').set({ ended_at: new Date(), bytes }).where('id', '=', viewId).where('ended_at', 'is', null).execute();
    },

    /** Segments and gaps of a device between two instants: the playback timeline. */
    async timeline(caller: Caller, deviceId: string, from: Date, to: Date) {
      await deviceFor(caller, deviceId);
      const [segments, gaps, sessions] = await Promise.all([
        db.selectFrom('recording_segments').select(['id', 'seq', 'started_at', 'ended_at', 'size', 'partial', 'blob_sha256', 'retention_class']).where('device_id', '=', deviceId).where('ended_at', '>=', from).where('started_at', '<=', to).orderBy('started_at').limit(5000).execute(),
        db.selectFrom('recording_gaps').selectAll().where('device_id', '=', deviceId).where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>=', from)])).where('started_at', '<=', to).orderBy('started_at').execute(),
        db.selectFrom('publish_sessions').select(['id', 'started_at', 'ended_at', 'end_reason']).where('device_id', '=', deviceId).where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>=', from)])).where('started_at', '<=', to).orderBy('started_at').execute(),
      ]);
      return {
        segments: segments.map((s) => ({ id: s.id, startedAt: new Date(s.started_at).toISOString(), endedAt: new Date(s.ended_at).toISOString(), size: Number(s.size), partial: s.partial, sha256: s.blob_sha256, retentionClass: s.retention_class })),
        gaps: gaps.map((g) => ({ startedAt: new Date(g.started_at).toISOString(), endedAt: g.ended_at ? new Date(g.ended_at).toISOString() : null, reason: g.reason })),
        live: sessions.some((s) => s.ended_at === null),
      };
    },

    /**
     * Current stream health, and per day (Asia/Shanghai, last 7 days) the share of the day
     * covered by recordings and the blind minutes. Offline past the threshold → alert.
     */
    async health(caller: Caller, deviceId: string, offlineAlertMinutes: number) {
      await deviceFor(caller, deviceId);
      const [state, current, openAlert, days, tamper] = await Promise.all([
        // The same state the business page shows (core/devices/device-state.ts).
        deviceStates.view(deviceId),
        db.selectFrom('device_health').selectAll().where('device_id', '=', deviceId).executeTakeFirst(),
        db.selectFrom('device_alerts').select(['id', 'since']).where('device_id', '=', deviceId).where('cleared_at', 'is', null).executeTakeFirst(),
        sql<{ day: string; secs: number }>`
          WITH days AS (
            SELECT g::date AS day, (g AT TIME ZONE 'Asia/Shanghai') AS start
            FROM generate_series(((now() AT TIME ZONE 'Asia/Shanghai')::date - 6)::timestamp, (now() AT TIME ZONE 'Asia/Shanghai')::date::timestamp, interval '1 day') AS g
          )
          SELECT to_char(days.day, 'YYYY-MM-DD') AS day,
                 coalesce(sum(CASE WHEN s.id IS NULL THEN 0
                   ELSE extract(epoch FROM least(s.ended_at, days.start + interval '1 day') - greatest(s.started_at, days.start)) END), 0)::float8 AS secs
          FROM days
          LEFT JOIN recording_segments s ON s.device_id = ${deviceId} AND s.purged_at IS NULL AND s.started_at < days.start + interval '1 day' AND s.ended_at > days.start
          GROUP BY days.day ORDER BY days.day`.execute(db),
        // Tampering and faults the analyzer sees now (R2): open tamper flags.
        db.selectFrom('flags').select(['id', 'type', 'started_at']).where('device_id', '=', deviceId).where('source', '=', 'tamper').where('state', '=', 'active').orderBy('started_at').execute(),
      ]);
      const now = Date.now();
      const offlineMinutes = current && !current.online ? Math.floor((now - new Date(current.since).getTime()) / 60_000) : 0;
      return {
        ...stateFields(state),
        online: state?.state === 'online',
        since: current ? new Date(current.since).toISOString() : null,
        lastFrameAt: current?.last_frame_at ? new Date(current.last_frame_at).toISOString() : null,
        bitrateKbps: current?.bitrate_kbps ?? null,
        fps: current?.fps ?? null,
        width: current?.width ?? null,
        height: current?.height ?? null,
        alert: !!openAlert || (!!current && !current.online && offlineMinutes >= offlineAlertMinutes) || tamper.length > 0,
        tamper: tamper.map((f) => ({ flagId: f.id, type: f.type, since: new Date(f.started_at).toISOString() })),
        days: days.rows.map((d) => {
          const elapsed = d.day === days.rows.at(-1)?.day ? Math.max(1, (now - new Date(`${d.day}T00:00:00+08:00`).getTime()) / 1000) : 86400;
          const secs = Number(d.secs);
          return { day: d.day, recordedSeconds: Math.round(secs), uptimePercent: Math.round((Math.min(secs, elapsed) / elapsed) * 10000) / 100, blindMinutes: Math.max(0, Math.round((elapsed - secs) / 60)) };
        }),
      };
    },

    /** Open device alerts in the caller's scope, oldest first. */
    async openAlerts(caller: Caller) {
      const scope = access.scope(caller, 'media.view');
      const rows = await db
        .selectFrom('device_alerts as al')
        .innerJoin('devices as d', 'd.id', 'al.device_id')
        .innerJoin('businesses as b', 'b.id', 'd.business_id')
        .innerJoin('agencies as a', 'a.id', 'b.agency_id')
        .where(inScope(scope))
        .where('al.cleared_at', 'is', null)
        .select(['al.id', 'al.kind', 'al.since', 'al.raised_at', 'd.id as device_id', 'd.name as device_name', 'b.id as business_id', 'b.name as business_name'])
        .orderBy('al.since')
        .limit(500)
        .execute();
      return rows.map((r) => ({ id: r.id, kind: r.kind, since: new Date(r.since).toISOString(), raisedAt: new Date(r.raised_at).toISOString(), deviceId: r.device_id, deviceName: r.device_name, businessId: r.business_id, businessName: r.business_name }));
    },

    async segment(caller: Caller, segmentId: string) {
      await access.require(caller, 'media.view', { kind: 'segment', id: segmentId });
      return db.selectFrom('recording_segments').selectAll().where('id', '=', segmentId).executeTakeFirstOrThrow();
    },
  };
}
export type MediaService = ReturnType<typeof createMediaService>;
