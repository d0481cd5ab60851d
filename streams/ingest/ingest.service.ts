import path from 'node:path';
import type { BlobStore } from '../../core/blob/blob-store.js';
import { mayPublish } from '../../core/consent/publish-authority.js';
import type { Db } from '../../core/db/connect.js';
import { isDbUnavailable } from '../../core/db/unavailable.js';
import { appendLedger } from '../../core/ledger/append.js';
import type { Logger } from '../../core/log.js';
import { FlvSegmenter } from '../recording/flv-segmenter.js';
import { attachRecorder } from '../recording/recorder.session.js';
import { SegmentWriter } from '../recording/segment-writer.js';
import { storeSegment, type ClosedSegment } from '../recording/segment-store.js';
import type { SegmentSpool } from '../recording/segment-spool.js';
import { endPublishSession, type SessionEnd } from './publish-session.repository.js';
import type { MediaServer, NmsSession } from './media-server.js';
import { addressOf, RefusalThrottle } from './refusal-throttle.js';
import { recordRefusal } from './refusal.repository.js';
import type { HealthTracker } from '../health/health-tracker.js';

const STREAM_PATH = /^\/live\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

type Live = { sessionId: string; deviceId: string; key: string; nms: NmsSession; detach: () => void; endReason: string | null };

/**
 * Consent-gated ingest and continuous recording. Every publish asks the publish authority; a
 * refused one is dropped before anything is recorded and the attempt is logged and throttled.
 * An accepted one gets a publish session, an in-process recorder cutting ~10 s FLV segments,
 * and is re-checked whenever consents or keys change (NOTIFY) and every 30 s.
 * While the database is unreachable, live sessions go on recording: segment rows and session
 * ends go to the spool (when given) and are written when it is back. A new publish is refused
 * then, because the publish authority cannot be asked (no consent checked, no stream: R1).
 */
export function createIngest(deps: { db: Db; blobs: BlobStore; ms: MediaServer; log: Logger; recordingDir: string; segmentMs: number; instance: string; throttle?: RefusalThrottle; onSegmentStored?: (closeToStoredMs: number) => void; health?: HealthTracker; spool?: SegmentSpool }) {
  const { db, blobs, ms, log } = deps;
  const throttle = deps.throttle ?? new RefusalThrottle(10, 60_000);
  const live = new Map<string, Live>(); // by NMS session id
  const storing = new Set<Promise<unknown>>();
  const chains = new Map<string, Promise<unknown>>(); // per device: segments stored in order

  function store(seg: ClosedSegment) {
    const closedAt = performance.now();
    const prev = chains.get(seg.deviceId) ?? Promise.resolve();
    const p = prev
      .then(() => storeSegment(db, blobs, seg, deps.spool))
      .then(() => deps.onSegmentStored?.(performance.now() - closedAt))
      .catch((err: unknown) => log.error({ err, file: seg.file }, 'segment not stored; the file is kept for recovery'));
    chains.set(seg.deviceId, p);
    storing.add(p);
    void p.finally(() => storing.delete(p));
  }

  async function refuse(s: NmsSession, deviceId: string | null, reason: string) {
    s.socket?.destroy();
    throttle.fail(addressOf(s.ip));
    log.warn({ streamPath: s.streamPath, ip: s.ip, reason }, 'publish refused');
    await recordRefusal(db, { kind: 'publish', deviceId, streamPath: s.streamPath, ip: addressOf(s.ip), reason });
  }

  async function accept(s: NmsSession, deviceId: string, consentId: string, credentialId: string, key: string) {
    const now = new Date();
    const sessionId = await db.transaction().execute(async (trx) => {
      // A session left open by a crash is closed first (recovery normally did it already).
      const stale = await trx.updateTable('publish_sessions').set({ ended_at: now, end_reason: 'superseded' }).where('device_id', '=', deviceId).where('ended_at', 'is', null).returningAll().execute();
      for (const r of stale) await appendLedger(trx, { actor: { type: 'system', id: 'streams' }, action: 'stream.publish_ended', entityType: 'publish_session', entityId: r.id, state: r, context: { reason: 'superseded' } });
      const row = await trx.insertInto('publish_sessions').values({ device_id: deviceId, consent_id: consentId, credential_id: credentialId, ip: addressOf(s.ip), instance: deps.instance, started_at: now }).returningAll().executeTakeFirstOrThrow();
      await trx.updateTable('recording_gaps').set({ ended_at: now }).where('device_id', '=', deviceId).where('ended_at', 'is', null).execute();
      await appendLedger(trx, { actor: { type: 'device', id: deviceId }, action: 'stream.publish_started', entityType: 'publish_session', entityId: row.id, state: row });
      return row.id;
    });
    const writer = new SegmentWriter(deps.recordingDir, { deviceId, sessionId }, store, (err) => {
      // Recording failed (disk full, I/O error): a recorded gap, and the camera reconnects.
      log.error({ err, deviceId }, 'recording failed: session ended, the camera will reconnect');
      void end(s.id, 'recording_error').finally(() => s.socket?.destroy());
    });
    const segmenter = new FlvSegmenter(writer, deps.segmentMs);
    const entry: Live = { sessionId, deviceId, key, nms: s, detach: () => {}, endReason: null };
    live.set(s.id, entry);
    s.socket?.once('close', () => void end(s.id).catch((err: unknown) => log.error({ err, deviceId }, 'session end not recorded')));
    // On the next tick node-media-server has made this session the broadcast's publisher.
    setImmediate(() => {
      const b = ms.broadcast(s.streamPath);
      if (!b || b.publisher !== s || !live.has(s.id)) return;
      entry.detach = attachRecorder(b, segmenter, (tag) => deps.health?.frame(deviceId, tag[0] === 9));
    });
    await deps.health?.online(deviceId, s);
    log.info({ deviceId, sessionId, ip: s.ip }, 'publish accepted');
  }

  async function end(nmsId: string, reason?: string) {
    const e = live.get(nmsId);
    if (!e) return;
    live.delete(nmsId);
    e.detach();
    void deps.health?.offline(e.deviceId).catch((err: unknown) => log.warn({ err }, 'health write failed'));
    const why = reason ?? e.endReason ?? 'publisher_left';
    const ended: SessionEnd = {
      sessionId: e.sessionId,
      deviceId: e.deviceId,
      at: new Date(),
      reason: why,
      video: JSON.stringify({ width: e.nms.videoWidth ?? null, height: e.nms.videoHeight ?? null, fps: e.nms.videoFramerate ?? null, inBytes: e.nms.inBytes ?? null }),
    };
    const spool = deps.spool;
    const toSpool = () => spool!.put({ kind: 'session_end', ...ended, at: ended.at.toISOString() });
    if (spool && spool.pending() > 0) return toSpool();
    try {
      await endPublishSession(db, ended);
    } catch (err) {
      if (!spool || !isDbUnavailable(err)) throw err;
      toSpool();
    }
  }

  async function onPrePublish(s: NmsSession) {
    const m = STREAM_PATH.exec(s.streamPath);
    const key = String(s.streamQuery?.key ?? '');
    if (throttle.blocked(addressOf(s.ip))) return refuse(s, null, 'throttled');
    if (!m) return refuse(s, null, 'bad_stream_path');
    const b = ms.broadcast(s.streamPath);
    // A publisher that left keeps its slot for node-media-server's 30 s resume window: not live.
    if (b?.publisher && b.publisher !== s && b.getPublishStatus() === 'publishing') return refuse(s, m[1], 'already_publishing');
    const decision = await mayPublish(db, { key, deviceId: m[1] });
    if (!decision.allowed) return refuse(s, decision.deviceId ?? null, decision.reason);
    if (s.socket?.destroyed) return;
    await accept(s, decision.deviceId, decision.consentId, decision.credentialId, key);
  }

  /** Asks the authority again for live sessions (of these devices, or all); drops refused ones. */
  async function recheck(deviceIds?: string[]) {
    for (const [nmsId, e] of live) {
      if (deviceIds && !deviceIds.includes(e.deviceId)) continue;
      const d = await mayPublish(db, { key: e.key, deviceId: e.deviceId, running: true });
      if (d.allowed) continue;
      e.endReason = d.reason;
      log.warn({ deviceId: e.deviceId, reason: d.reason }, 'live publish no longer allowed: dropped');
      await end(nmsId, d.reason);
      e.nms.socket?.destroy();
    }
  }

  ms.on('prePublish', (s) => {
    onPrePublish(s).catch((err: unknown) => {
      log.error({ err, streamPath: s.streamPath }, 'publish check failed: dropped');
      s.socket?.destroy();
    });
  });
  const timer = setInterval(() => void recheck().catch((err: unknown) => log.error({ err }, 'recheck failed')), 30_000);
  timer.unref();

  return {
    recheck,
    liveCount: () => live.size,
    /** Resolves once every closed segment handed over so far is stored (or has failed). */
    async flush() {
      await Promise.allSettled([...storing]);
    },
    liveDevices: () => [...live.values()].map((e) => e.deviceId),
    /** Ends every live session (reason 'streams_stopped') and waits for segments to be stored. */
    async stop() {
      clearInterval(timer);
      for (const [id, e] of [...live]) {
        await end(id, 'streams_stopped');
        e.nms.socket?.destroy();
      }
      await Promise.allSettled([...storing]);
    },
    recordingDir: path.resolve(deps.recordingDir),
  };
}
export type Ingest = ReturnType<typeof createIngest>;
