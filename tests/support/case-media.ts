import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { createEvidenceRepository } from '../../analyzer/evidence/evidence.repository.js';
import { extractClip } from '../../analyzer/evidence/clip-extractor.js';
import type { BlobStore } from '../../core/blob/blob-store.js';
import { recordBlob } from '../../core/blob/blob.repository.js';
import type { Db } from '../../core/db/connect.js';
import { appendLedger } from '../../core/ledger/append.js';

/**
 * Evidence media for case tests and benches, made as the platform makes them: FLV segments
 * encoded by ffmpeg and recorded (blob, row, ledger entry) for a device's publish session and
 * linked to a flag; the flag's clip cut from them by the analyzer's own extractor and attached
 * through its repository (versioned, ledgered); a JPEG snapshot.
 */
const run = promisify(execFile);
const SYSTEM = { type: 'system' as const, id: 'test' };

/** A consent, a credential and a publish session for the device (what a recording hangs on). */
export async function publishSession(db: Db, deviceId: string, createdBy: string, ref: string): Promise<string> {
  const device = await db.selectFrom('devices as d').innerJoin('businesses as b', 'b.id', 'd.business_id').select(['d.id', 'd.site_id', 'd.business_id', 'b.agency_id']).where('d.id', '=', deviceId).executeTakeFirstOrThrow();
  const consent = await db.insertInto('consents').values({ ref, business_id: device.business_id, site_id: device.site_id, agency_id: device.agency_id, purpose: 'p', analysis: 'a', retention: 'r', viewers: 'v', valid_from: '2025-01-01', valid_until: '2027-12-31', template_id: 'device-consent', template_version: 'v1', statements: '[]', created_by: createdBy }).returningAll().executeTakeFirstOrThrow();
  await appendLedger(db, { actor: SYSTEM, action: 'consent.created', entityType: 'consent', entityId: consent.id, state: consent });
  const cred = await db.insertInto('device_credentials').values({ device_id: device.id, key_prefix: ref.replace(/\W/g, '').slice(-10).toLowerCase().padEnd(10, 'x'), key_sha256: '2'.repeat(64), created_by: createdBy }).returningAll().executeTakeFirstOrThrow();
  await appendLedger(db, { actor: SYSTEM, action: 'credential.created', entityType: 'device_credential', entityId: cred.id, state: cred });
  const session = await db.insertInto('publish_sessions').values({ device_id: device.id, consent_id: consent.id, credential_id: cred.id, ip: '127.0.0.1', instance: 'test', started_at: new Date('2025-01-01T00:00:00Z'), ended_at: new Date() }).returningAll().executeTakeFirstOrThrow();
  await appendLedger(db, { actor: SYSTEM, action: 'publish.started', entityType: 'publish_session', entityId: session.id, state: session });
  return session.id;
}

/**
 * `count` FLV segments of `seconds` each, from one ffmpeg run (a key frame every second, so
 * each segment starts on one). `kbps` sets a constant bitrate (filler keeps it up on test patterns).
 */
export async function encodeSegments(dir: string, opts: { count: number; seconds: number; size?: string; kbps?: number }): Promise<string[]> {
  const kbps = opts.kbps ?? 300;
  await run('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=size=${opts.size ?? '320x240'}:rate=25`,
    '-t', String(opts.count * opts.seconds),
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '25',
    '-b:v', `${kbps}k`, '-minrate', `${kbps}k`, '-maxrate', `${kbps}k`, '-bufsize', `${kbps}k`, '-x264-params', 'nal-hrd=cbr:force-cfr=1',
    '-f', 'segment', '-segment_time', String(opts.seconds), '-segment_format', 'flv', '-reset_timestamps', '1',
    path.join(dir, 'seg-%05d.flv'),
  ], { maxBuffer: 1 << 20 });
  return readdirSync(dir).filter((f) => /^seg-\d+\.flv$/.test(f)).sort().map((f) => path.join(dir, f));
}

export type StoredSegment = { id: string; sha256: string; file: string; startedAt: Date; endedAt: Date };

/** Records the files as the device's consecutive segments ending at `endsAt`, each ledgered, and links them to the flag. */
export async function recordSegments(db: Db, blobs: BlobStore, input: { deviceId: string; sessionId: string; flagId: string; files: string[]; seconds: number; endsAt: Date; firstSeq: number }): Promise<StoredSegment[]> {
  const out: StoredSegment[] = [];
  const start = input.endsAt.getTime() - input.files.length * input.seconds * 1000;
  for (const [i, file] of input.files.entries()) {
    const b = await blobs.put(readFileSync(file), 'video/x-flv');
    const startedAt = new Date(start + i * input.seconds * 1000);
    const endedAt = new Date(startedAt.getTime() + input.seconds * 1000);
    const seq = input.firstSeq + i;
    const row = await db.transaction().execute(async (trx) => {
      await recordBlob(trx, { ...b, mediaType: 'video/x-flv' });
      const r = await trx.insertInto('recording_segments').values({ device_id: input.deviceId, session_id: input.sessionId, seq, blob_sha256: b.sha256, size: b.size, started_at: startedAt, ended_at: endedAt, stream_start_ms: seq * input.seconds * 1000, stream_end_ms: (seq + 1) * input.seconds * 1000, clock_offset_ms: 0 }).returningAll().executeTakeFirstOrThrow();
      await appendLedger(trx, { actor: { type: 'device', id: input.deviceId }, action: 'recording.segment_stored', entityType: 'recording_segment', entityId: r.id, state: r });
      await trx.insertInto('flag_segments').values({ flag_id: input.flagId, segment_id: r.id }).execute();
      return r;
    });
    out.push({ id: row.id, sha256: b.sha256, file, startedAt, endedAt });
  }
  return out;
}

/** The flag's final clip over [from, to], cut from the segments by the analyzer's extractor and attached as its repository does. */
export async function attachClip(db: Db, blobs: BlobStore, input: { flagId: string; segments: StoredSegment[]; from: Date; to: Date; workDir: string }) {
  const { file, provenance } = await extractClip({ segments: input.segments, from: input.from, to: input.to, ffmpegPath: 'ffmpeg', workDir: input.workDir });
  const b = await blobs.put(readFileSync(file), 'video/mp4');
  const added = await createEvidenceRepository(db).addClip(input.flagId, {
    sha256: b.sha256,
    size: b.size,
    requestedFrom: input.from,
    requestedTo: input.to,
    coversFrom: new Date(provenance.startsAt),
    durationMs: provenance.durationMs,
    coverage: 'event_ended',
    final: true,
    provenance,
  });
  if (!added) throw new Error('clip not attached');
  return b;
}

/** A JPEG frame (320×240) stored and recorded as a blob, for a flag's snapshot. */
export async function snapshotBlob(db: Db, blobs: BlobStore, dir: string, name: string) {
  const file = path.join(dir, `${name}.jpg`);
  await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=1', '-frames:v', '1', file]);
  const b = await blobs.put(readFileSync(file), 'image/jpeg');
  await db.transaction().execute((trx) => recordBlob(trx, { ...b, mediaType: 'image/jpeg' }));
  return b;
}
