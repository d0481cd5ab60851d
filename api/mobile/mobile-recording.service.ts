import { Readable } from 'node:stream';
import type { BlobStore } from '../../core/blob/blob-store.js';
import { recordBlob } from '../../core/blob/blob.repository.js';
import { shanghaiDay } from '../../core/calendar/calendar.js';
import { loadCalendar } from '../../core/calendar/calendar.repository.js';
import type { Db } from '../../core/db/connect.js';
import { AppError } from '../../core/errors.js';
import { appendLedger } from '../../core/ledger/append.js';
import { lateness, storageDeadline, storageLimit, type UploadKind } from '../../core/records/upload-deadline.js';
import type { Access } from '../access/access.service.js';
import type { Caller } from '../http/request-context.js';
import type { MobileRecordingRepository, MobileRecordingRow, UploadTarget } from './mobile-recording.repository.js';
import type { UploadParts } from './upload-parts.js';

/** The largest field record accepted (a long body-worn recording at high bit rate). */
export const MOBILE_MAX_BYTES = 8 * 1024 ** 3;

export type NewUpload = {
  target: UploadTarget;
  kind: UploadKind;
  filename: string;
  mediaType: string;
  capturedFrom: Date;
  capturedTo: Date;
  matter: string;
  officerIds: string[];
  recorderSerial: string | null;
  sha256: string;
  size: number;
};

const actor = (c: Caller) => ({ type: 'user' as const, id: c.user.id });
/** The ledgered state: the row, less the byte count that moves while uploading (entity-check omits it; the final count is in the context). */
const stateOf = (r: MobileRecordingRow) => {
  const { received_bytes: _moving, ...state } = r;
  return state;
};
const limitText = (kind: UploadKind) => (storageLimit(kind).unit === 'hours' ? `${storageLimit(kind).amount} 小时` : `${storageLimit(kind).amount} 个工作日`);

/**
 * Records made in the field go into the system (R10): an officer starts an upload labelled with when it
 * was recorded, the party (the case's or device's business), the matter and the officers; the bytes
 * arrive resumably (tus.routes.ts); on completion they are hashed, checked against the declared
 * SHA-256 and size, and stored write-once — or refused, nothing stored, the refusal ledgered. A record
 * past its storage limit is finished only with the reason it came late (core/records/upload-deadline.ts).
 */
export function createMobileRecordingService(deps: { db: Db; access: Access; repo: MobileRecordingRepository; parts: UploadParts; blobs: BlobStore; clock?: () => Date }) {
  const { db, access, repo, parts, blobs } = deps;
  const now = deps.clock ?? (() => new Date());
  const busy = new Set<string>();
  /** A finished target check each time: the caller holds the permission and the case/device lies in his scope. */
  const requireTarget = (caller: Caller, t: UploadTarget) => access.require(caller, 'record.upload', t);
  const targetOf = (r: MobileRecordingRow): UploadTarget => (r.case_id ? { kind: 'case', id: r.case_id } : { kind: 'device', id: r.device_id! });

  /** The caller's own upload still in progress (only its uploader continues it), or 404/403/410. */
  async function ownUpload(caller: Caller, id: string): Promise<MobileRecordingRow> {
    access.assert(caller, 'record.upload');
    const row = /^[0-9a-f-]{36}$/.test(id) ? await repo.get(id) : undefined;
    if (!row) throw new AppError('not_found', '');
    if (row.uploaded_by !== caller.user.id) throw new AppError('forbidden', '');
    await requireTarget(caller, targetOf(row));
    return row;
  }

  async function refuse(caller: Caller, row: MobileRecordingRow, why: 'hash_mismatch' | 'truncated', received: number, got: string | null): Promise<never> {
    await db.transaction().execute(async (trx) => {
      const done = await repo.finish(trx, row.id, { status: 'refused', refusal: why, received_bytes: received, finished_at: now() });
      await appendLedger(trx, { actor: actor(caller), requestId: caller.requestId, action: 'mobile_recording.refused', entityType: 'mobile_recording', entityId: row.id, state: stateOf(done), context: { reason: why, declaredSha256: row.declared_sha256, receivedSha256: got, declaredSize: Number(row.declared_size), received, ip: caller.ip } });
    });
    await parts.remove(row.id);
    const params = { received, size: Number(row.declared_size) };
    const message = why === 'hash_mismatch' ? '上传文件的哈希值与申报值不一致,文件未保存' : `文件未上传完整(已收到 ${received} / ${params.size} 字节),文件未保存`;
    throw new AppError('document_mismatch', message, [{ path: [why === 'hash_mismatch' ? 'sha256' : 'size'], message: `upload.${why}`, params }], { code: `upload.${why}`, rule: '上传时校验哈希值与大小(R10)', message });
  }

  return {
    requireTarget,

    /** Starts an upload (tus creation): labels fixed now, the deadline computed, ledgered. */
    async start(caller: Caller, input: NewUpload): Promise<MobileRecordingRow> {
      await requireTarget(caller, input.target);
      const target = await repo.target(input.target);
      if (!target) throw new AppError('not_found', '');
      const ids = [...new Set(input.officerIds)];
      const officers = await repo.officers(ids);
      if (officers.length !== ids.length) {
        const known = new Set(officers.map((o) => o.id));
        throw new AppError('validation_failed', '', ids.filter((i) => !known.has(i)).map((i) => ({ path: ['officers', ids.indexOf(i)], message: 'upload.officer_unknown' })));
      }
      const calendar = await loadCalendar(db, shanghaiDay(input.capturedTo));
      const deadline = storageDeadline(input.kind, input.capturedTo, calendar);
      const row = await db.transaction().execute(async (trx) => {
        const r = await repo.insert(trx, {
          case_id: input.target.kind === 'case' ? input.target.id : null,
          device_id: input.target.kind === 'device' ? input.target.id : null,
          business_id: target.businessId,
          agency_id: target.agencyId,
          kind: input.kind,
          filename: input.filename,
          media_type: input.mediaType,
          captured_from: input.capturedFrom,
          captured_to: input.capturedTo,
          matter: input.matter,
          officers: JSON.stringify(ids.map((id) => ({ id, name: officers.find((o) => o.id === id)!.name }))),
          recorder_serial: input.recorderSerial,
          declared_sha256: input.sha256,
          declared_size: input.size,
          uploaded_by: caller.user.id,
          deadline_at: deadline,
        });
        await appendLedger(trx, { actor: actor(caller), requestId: caller.requestId, action: 'mobile_recording.started', entityType: 'mobile_recording', entityId: r.id, state: stateOf(r), context: { ip: caller.ip } });
        return r;
      });
      await parts.create(row.id);
      return row;
    },

    /** Where an upload stands (tus HEAD): bytes received of those declared. */
    async offset(caller: Caller, id: string): Promise<{ row: MobileRecordingRow; offset: number }> {
      const row = await ownUpload(caller, id);
      if (row.status !== 'uploading') return { row, offset: Number(row.received_bytes) };
      return { row, offset: await parts.size(id) };
    },

    /** Appends bytes at `offset` (tus PATCH): 409 when the client is not where the server is. */
    async append(caller: Caller, id: string, offset: number, body: Readable): Promise<{ offset: number; overflow: boolean }> {
      const row = await ownUpload(caller, id);
      if (row.status !== 'uploading') throw new AppError('conflict', '上传已结束');
      const have = await parts.size(id);
      if (offset !== have) throw new AppError('conflict', `Upload-Offset ${offset} does not match the ${have} bytes received`);
      // One writer per upload: a second PATCH while one is running would append at a stale offset.
      if (busy.has(id)) throw new AppError('conflict', 'another request is writing this upload');
      busy.add(id);
      try {
        const r = await parts.append(id, body, Number(row.declared_size) - have);
        const size = have + r.written;
        await repo.received(id, size);
        return { offset: size, overflow: r.overflow };
      } finally {
        busy.delete(id);
      }
    },

    /**
     * Finishes an upload: all bytes there (else refused: truncated), the reason given when it is past
     * its storage limit (else 400, nothing changed, so the client asks for it), the hash as declared
     * (else refused: hash_mismatch); then the bytes go write-once into the blob store.
     */
    async complete(caller: Caller, id: string, lateReason: string | null): Promise<MobileRecordingRow> {
      const row = await ownUpload(caller, id);
      if (row.status !== 'uploading') throw new AppError('conflict', row.status === 'complete' ? '该文件已上传完成' : '该上传已被拒绝');
      const received = await parts.size(id);
      if (received < Number(row.declared_size)) return refuse(caller, row, 'truncated', received, null);
      const at = now();
      const calendar = await loadCalendar(db, shanghaiDay(new Date(row.captured_to)));
      const late = lateness(row.kind, new Date(row.captured_to), at, calendar);
      if (late.late && !lateReason) {
        const params = { limit: limitText(row.kind), rule: late.limit.basis, deadline: late.deadline.toISOString() };
        const message = `已超过存储时限(${params.limit}),请填写逾期上传原因`;
        throw new AppError('validation_failed', message, [{ path: ['lateReason'], code: 'upload.late_reason_required', message: 'upload.late_reason_required', params }], { code: 'upload.late_reason_required', rule: late.limit.basis, message });
      }
      const got = await parts.hash(id);
      if (got.sha256 !== row.declared_sha256 || got.size !== Number(row.declared_size)) return refuse(caller, row, 'hash_mismatch', received, got.sha256);
      // Bytes first (durably), then the rows: a row never points to bytes that are not there.
      await blobs.adopt(parts.fileOf(id), got);
      const done = await db.transaction().execute(async (trx) => {
        await recordBlob(trx, { ...got, mediaType: row.media_type });
        const d = await repo.finish(trx, id, { status: 'complete', sha256: got.sha256, received_bytes: got.size, late: late.late, late_reason: late.late ? lateReason : null, finished_at: at });
        await appendLedger(trx, { actor: actor(caller), requestId: caller.requestId, action: 'mobile_recording.uploaded', entityType: 'mobile_recording', entityId: id, state: stateOf(d), context: { deadline: late.deadline.toISOString(), rule: late.limit.basis, ip: caller.ip } });
        return d;
      });
      await parts.remove(id);
      return done;
    },

    /** A case's or a device's uploads, for staff of its scope. */
    async list(caller: Caller, t: UploadTarget) {
      await access.require(caller, 'record.upload_read', t);
      return repo.listFor(t);
    },

    /** The late uploads of the head's unit and below. */
    late(caller: Caller) {
      const scope = access.scope(caller, 'record.upload_late');
      if (scope.kind !== 'agency') throw new AppError('forbidden', '');
      return repo.lateIn(scope.path);
    },

    /**
     * One stored upload for reading: the caller holds record.upload_read and the case (or the device
     * over the stretch recorded) lies in his scope or under an approved grant (调用单).
     */
    async readable(caller: Caller, id: string): Promise<{ row: MobileRecordingRow; grantId: string | null }> {
      const row = /^[0-9a-f-]{36}$/.test(id) ? await repo.get(id) : undefined;
      if (!row || row.status !== 'complete' || !row.sha256) throw new AppError('not_found', '');
      const record = row.case_id ? { kind: 'case' as const, id: row.case_id } : { kind: 'device' as const, id: row.device_id!, from: new Date(row.captured_from), to: new Date(row.captured_to) };
      const { grantId } = await access.requireRecord(caller, 'record.upload_read', record);
      return { row, grantId };
    },
  };
}
export type MobileRecordingService = ReturnType<typeof createMobileRecordingService>;
