import type { Db } from '../../core/db/connect.js';
import { AppError } from '../../core/errors.js';
import { appendLedger } from '../../core/ledger/append.js';
import { actorOf, type Caller } from '../http/request-context.js';
import type { Access } from '../access/access.service.js';
import { inScope } from '../access/scope.js';
import { stateFields, type DeviceStateRepository } from '../registry/device-state.repository.js';
import { blindSpans, clip, figures, JOIN_MS, watchedSpans } from './blind-time.js';
import { createMediaRepository } from './media.repository.js';
import type { PlaybackFiles } from './playback-file.js';
import { GAP_MS, planWindow } from './playback-window.js';

/** The longest stretch one playback file holds; the player asks for the next one as it ends. */
export const PLAYBACK_MAX_MS = 15 * 60_000;
const iso = (t: number | Date | string) => new Date(t).toISOString();

/**
 * Live view and playback: the viewer's right is checked per device (agency subtree, or own
 * business), and every view is recorded (media_views) and ledgered before a byte is sent.
 */
export function createMediaService(deps: { db: Db; access: Access; deviceStates: DeviceStateRepository; files?: PlaybackFiles }) {
  const { db, access, deviceStates, files } = deps;
  const repo = createMediaRepository(db);

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

    /**
     * The playback timeline of a device between two instants: who it is (device, site,
     * business), its recorded runs (a day is a few runs, not 8,640 segments), its gaps with their
     * reasons, its blind time (expected to record, nothing recorded: only while installed and
     * consented, never past now), and its flags where the caller may read them.
     */
    async timeline(caller: Caller, deviceId: string, from: Date, to: Date) {
      // Outside his scope a viewer sees the timeline of the window his grant (调用单) covers, without the device's flags.
      const { grantId } = await access.requireRecord(caller, 'media.view', { kind: 'device', id: deviceId, from, to });
      const now = Date.now();
      const showFlags = grantId === null && access.can(caller, 'flag.read');
      const [device, spans, recorded, gaps, live, consents, installedAt, flags] = await Promise.all([
        repo.deviceHeader(deviceId),
        repo.recordedRuns(deviceId, from, to, { playableOnly: true, joinMs: GAP_MS }),
        repo.recordedRuns(deviceId, from, to, { playableOnly: false, joinMs: JOIN_MS }),
        repo.gaps(deviceId, from, to),
        repo.isLive(deviceId),
        repo.consentSpans(deviceId),
        repo.installedAt(deviceId),
        showFlags ? repo.flags(deviceId, from, to) : Promise.resolve([]),
      ]);
      if (!device) throw new AppError('not_found', '');
      const watched = watchedSpans(consents, installedAt, now);
      const rec = recorded.map((r) => ({ from: r.startedAt.getTime(), to: r.endedAt.getTime() }));
      const end = Math.min(to.getTime(), now);
      const span = (s: { from: number; to: number }) => ({ startedAt: iso(s.from), endedAt: iso(s.to) });
      return {
        device: {
          id: device.id,
          name: device.name,
          kind: device.kind,
          status: device.status,
          pointsAt: device.points_at,
          site: { id: device.site_id, name: device.site_name, address: device.site_address },
          business: { id: device.business_id, name: device.business_name },
        },
        now: iso(now),
        installedAt: installedAt === null ? null : iso(installedAt),
        spans: spans.map((r) => ({ startedAt: r.startedAt.toISOString(), endedAt: r.endedAt.toISOString(), segments: r.segments, partial: r.partial })),
        // An open gap is drawn to now: what comes after now is not yet known.
        gaps: gaps.map((g) => ({ startedAt: iso(g.started_at), endedAt: g.ended_at ? iso(g.ended_at) : null, reason: g.reason })),
        watched: clip(watched, from.getTime(), end).map(span),
        blind: blindSpans(watched, rec, from.getTime(), end).map(span),
        summary: figures(watched, rec, from.getTime(), end),
        flags: flags.map((f) => ({ id: f.id, type: f.type, state: f.state, startedAt: iso(f.started_at), endedAt: f.ended_at ? iso(f.ended_at) : null })),
        live,
      };
    },

    /**
     * One window of recorded time as one playable MP4 (segments joined, picture copied), from
     * the segment holding `from`. The view is recorded and ledgered before the file is made;
     * `next` is where the recording goes on after the window (null: nothing recorded after it yet).
     */
    async playback(caller: Caller, deviceId: string, from: Date, to: Date) {
      const maxMs = Math.min(to.getTime() - from.getTime(), PLAYBACK_MAX_MS);
      // In his scope, or outside it under an access grant (调用单) whose window holds the stretch asked
      // (the window is cut at whole 10 s segments, as the recorder wrote them).
      const { grantId } = await access.requireRecord(caller, 'media.view', { kind: 'device', id: deviceId, from, to: new Date(from.getTime() + Math.max(maxMs, 0)) });
      if (!files) throw new AppError('unavailable', 'media.playback_unavailable');
      const rows = await repo.segmentsFrom(deviceId, from, new Date(from.getTime() + PLAYBACK_MAX_MS + 3600_000), Math.ceil(PLAYBACK_MAX_MS / 1000) + 10);
      const segs = rows.map((r) => ({ id: r.id, sha256: r.blob_sha256, startedAt: new Date(r.started_at), endedAt: new Date(r.ended_at) }));
      const plan = planWindow(segs, from, new Date(from.getTime() + Math.max(maxMs, 1)), Math.max(maxMs, 1));
      if (!plan) throw new AppError('not_found', 'media.no_recording');
      const viewId = await db.transaction().execute(async (trx) => {
        const row = await repo.insertPlaybackView(trx, { userId: caller.user.id, deviceId, ip: caller.ip, segmentId: plan.segments[0].id, from: plan.startedAt, to: plan.endedAt, grantId });
        await appendLedger(trx, {
          actor: actorOf(caller.user),
          requestId: caller.requestId,
          action: 'media.recording_viewed',
          entityType: 'media_view',
          entityId: row.id,
          state: null,
          context: { deviceId, segmentId: plan.segments[0].id, from: plan.startedAt.toISOString(), to: plan.endedAt.toISOString(), segments: plan.segments.map((s) => s.id), ip: caller.ip, grantId },
        });
        return row.id;
      });
      const built = await files.build(viewId, plan.segments);
      const next = await repo.nextRecordingAfter(deviceId, new Date(plan.endedAt.getTime() - 1));
      return {
        viewId,
        url: `/api/playback/${viewId}/video.mp4`,
        startedAt: plan.startedAt.toISOString(),
        endedAt: plan.endedAt.toISOString(),
        durationMs: plan.durationMs,
        seekMs: plan.seekMs,
        size: built.size,
        segments: plan.segments.map((s) => ({ id: s.id, sha256: s.sha256, startedAt: s.startedAt.toISOString(), endedAt: s.endedAt.toISOString(), offsetMs: s.offsetMs })),
        next: next && next.getTime() >= plan.endedAt.getTime() - 1 ? next.toISOString() : null,
      };
    },

    /**
     * The file of a playback view, to its viewer only. The right to read it is asked by the read
     * path (api/records) from the view: its grant again when read under one, else the device.
     */
    async playbackFile(caller: Caller, viewId: string) {
      const view = await repo.playbackView(viewId);
      if (!view || view.user_id !== caller.user.id) throw new AppError('not_found', '');
      const size = files ? await files.size(viewId) : null;
      if (size === null) throw new AppError('not_found', 'media.playback_expired');
      return { file: files!.fileOf(viewId), size, viewId, deviceId: view.device_id, grantId: view.grant_id, from: view.range_from ? new Date(view.range_from) : null, to: view.range_to ? new Date(view.range_to) : null };
    },

    addViewBytes: (viewId: string, bytes: number) => repo.addViewBytes(viewId, bytes),

    /**
     * Current stream health, and per day (Asia/Shanghai, last 7 days) the share of the time the
     * device was expected to record (installed and consented, up to now) that it recorded, and
     * its blind minutes. Offline past the threshold → alert.
     */
    async health(caller: Caller, deviceId: string, offlineAlertMinutes: number) {
      await deviceFor(caller, deviceId);
      const now = Date.now();
      const today = new Date(now + 8 * 3600_000).toISOString().slice(0, 10);
      const dayStart = (d: string) => new Date(`${d}T00:00:00+08:00`).getTime();
      const days = Array.from({ length: 7 }, (_, i) => new Date(dayStart(today) - (6 - i) * 86400_000 + 8 * 3600_000).toISOString().slice(0, 10));
      const from = new Date(dayStart(days[0]));
      const [state, current, openAlert, tamper, recorded, consents, installedAt] = await Promise.all([
        // The same state the business page shows (core/devices/device-state.ts).
        deviceStates.view(deviceId),
        db.selectFrom('device_health').selectAll().where('device_id', '=', deviceId).executeTakeFirst(),
        db.selectFrom('device_alerts').select(['id', 'since']).where('device_id', '=', deviceId).where('cleared_at', 'is', null).executeTakeFirst(),
        // Tampering and faults the analyzer sees now (R2): open tamper flags.
        db.selectFrom('flags').select(['id', 'type', 'started_at']).where('device_id', '=', deviceId).where('source', '=', 'tamper').where('state', '=', 'active').orderBy('started_at').execute(),
        repo.recordedRuns(deviceId, from, new Date(now + 86400_000), { playableOnly: false, joinMs: JOIN_MS }),
        repo.consentSpans(deviceId),
        repo.installedAt(deviceId),
      ]);
      const watched = watchedSpans(consents, installedAt, now);
      const rec = recorded.map((r) => ({ from: r.startedAt.getTime(), to: r.endedAt.getTime() }));
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
        installedAt: installedAt === null ? null : iso(installedAt),
        days: days.map((day) => {
          const f = figures(watched, rec, dayStart(day), Math.min(dayStart(day) + 86400_000, now));
          return { day, watchedMinutes: Math.round(f.watchedSeconds / 60), recordedSeconds: f.recordedSeconds, uptimePercent: f.uptimePercent, blindMinutes: Math.round(f.blindSeconds / 60) };
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

    /** A stored segment (its right to be read is asked by the read path), or 404. */
    async segment(segmentId: string) {
      const seg = await db.selectFrom('recording_segments').selectAll().where('id', '=', segmentId).executeTakeFirst();
      if (!seg) throw new AppError('not_found', '');
      return seg;
    },
  };
}
export type MediaService = ReturnType<typeof createMediaService>;
