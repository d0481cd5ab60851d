import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { hashStream, type BlobStore } from '../../core/blob/blob-store.js';
import type { Db } from '../../core/db/connect.js';
import type { RecordExportsTable } from '../../core/db/database.js';
import { AppError } from '../../core/errors.js';
import { appendLedger } from '../../core/ledger/append.js';
import { WATERMARK_MEDIA_TYPE, watermarkFile, type WatermarkKind } from '../../core/watermark/watermark-file.js';
import { newExportId, watermarkText, type WatermarkReference } from '../../core/watermark/watermark-text.js';
import type { Access } from '../access/access.service.js';
import { scopeOf, type Owner } from '../access/scope.js';
import type { Caller } from '../http/request-context.js';
import type { ExportRepository, RecordExportRow, TraceQuery } from './export.repository.js';

/** A watermarked copy ready to send: its file (removed by `dispose`), its name, its log row. */
export type ExportedFile = { file: string; name: string; mediaType: string; row: RecordExportRow; dispose: () => Promise<void> };

type RecordKind = RecordExportsTable['record_kind'];

/** Who a copy is made for: a request's caller, or a clip export job's requester (read back from the users table). */
export type Exporter = { user: Pick<Caller['user'], 'id' | 'displayName' | 'username'>; requestId: string; ip: string | null };

export type ExportDeps = {
  db: Db;
  access: Access;
  repo: ExportRepository;
  blobs: BlobStore;
  /** The CJK font file drawn with (Noto Sans Hans Regular, api/documents/pdf-fonts.ts). */
  fontFile: string;
  ffmpegPath: string;
  publicBaseUrl: string;
  /** Where copies are made before they are sent (each in a folder of its own, removed after). */
  workDir: string;
};

/**
 * Watermarked exports (issue 15 item 3). There is no way to ask for a copy without a watermark:
 * every export burns the exporter's name, account, time, reference and a fresh export id into
 * the copy, hashes the copy and logs it (record_exports + ledger, one transaction) before a byte
 * is sent. The original blob is only read.
 */
export function createExportService(deps: ExportDeps) {
  const { db, access, repo, blobs } = deps;

  /**
   * Makes, hashes and logs one watermarked copy. Exported for the records read path: its
   * `transform` hook for exports calls this with the record it has already checked access to.
   */
  async function exportCopy(
    caller: Exporter,
    input: {
      kind: WatermarkKind;
      record: { kind: RecordKind; id: string; sha256: string; owner: Pick<Owner, 'agencyId' | 'businessId'> };
      reference: WatermarkReference | null;
      name: string;
      original?: { verifyUrl: string | null; title: string };
      /** The original's bytes; read from the blob store when absent. */
      source?: Readable | string;
      /** Where the copy is made and left (a folder of its own, the caller's to remove); a fresh folder in workDir, removed by `dispose`, when absent. */
      dir?: string;
      /** The share of the copy made, 0..1 (clips: from ffmpeg's progress). */
      onProgress?: (fraction: number) => void;
      /** Written in the same transaction as the log row and its ledger entry (a job's row marked done). */
      alsoInTransaction?: (trx: Db, row: RecordExportRow) => Promise<void>;
    },
  ): Promise<ExportedFile> {
    const exportId = newExportId();
    const at = new Date();
    const watermark = watermarkText({ viewerName: caller.user.displayName, account: caller.user.username, at, reference: input.reference, exportId });
    await mkdir(deps.workDir, { recursive: true, mode: 0o700 });
    const dir = input.dir ?? (await mkdtemp(path.join(deps.workDir, 'export-')));
    const dispose = () => rm(dir, { recursive: true, force: true });
    try {
      const { mediaType, ext } = WATERMARK_MEDIA_TYPE[input.kind];
      const file = path.join(dir, `copy.${ext}`);
      const source = input.source ?? (await blobs.localFile?.(input.record.sha256)) ?? (await blobs.get(input.record.sha256));
      await watermarkFile(input.kind, {
        input: source,
        output: file,
        watermark,
        fontFile: deps.fontFile,
        ffmpegPath: deps.ffmpegPath,
        onProgress: input.onProgress,
        original: input.original ? { sha256: input.record.sha256, ...input.original } : undefined,
      });
      const hashed = await hashStream(createReadStream(file));
      const row = await db.transaction().execute(async (trx) => {
        const r = await repo.insert(trx, {
          id: exportId,
          exported_by: caller.user.id,
          viewer_name: caller.user.displayName,
          account: caller.user.username,
          record_kind: input.record.kind,
          record_id: input.record.id,
          original_sha256: input.record.sha256,
          agency_id: input.record.owner.agencyId,
          business_id: input.record.owner.businessId,
          reference_kind: input.reference?.kind ?? null,
          reference: input.reference?.value ?? null,
          watermark_text: watermark.text,
          file_sha256: hashed.sha256,
          file_size: hashed.size,
          media_type: mediaType,
          ip: caller.ip,
          created_at: at,
        });
        await appendLedger(trx, { actor: { type: 'user', id: caller.user.id }, requestId: caller.requestId, action: 'record.exported', entityType: 'record_export', entityId: r.id, state: r, context: { recordKind: r.record_kind, recordId: r.record_id, ip: caller.ip } });
        await input.alsoInTransaction?.(trx, r);
        return r;
      });
      return { file, name: `${input.name}-${exportId}.${ext}`, mediaType, row, dispose };
    } catch (err) {
      await dispose();
      throw err;
    }
  }

  const flagReference = (flagId: string): WatermarkReference => ({ kind: 'record', value: `预警 ${flagId.slice(0, 8)}` });
  async function flagFor(caller: Caller, flagId: string) {
    return flagOf(await access.require(caller, 'record.export', { kind: 'flag', id: flagId }), flagId);
  }
  /** A flag's evidence, the reference its copies name, and whose it is (access already decided). */
  async function flagOf(owner: Owner, flagId: string) {
    const flag = await repo.flagEvidence(flagId);
    if (!flag) throw new AppError('not_found', '');
    return { flag, owner, reference: flagReference(flag.id) };
  }

  return {
    exportCopy,

    /** Whether the caller may export this flag's clip (of this version, if named) now: the check made before a clip export job is queued. */
    async checkFlagClip(caller: Caller, flagId: string, version: number | undefined): Promise<void> {
      const { flag } = await flagFor(caller, flagId);
      const sha256 = version === undefined ? flag.clip_sha256 : (await repo.clipVersion(flag.id, version))?.blob_sha256;
      if (!sha256) throw new AppError('not_found', 'no_clip');
    },

    /**
     * A flag's evidence clip (a given version, else the newest), watermarked: run by the
     * 'exports.clip' job for the requester (access was decided when it was asked for, and is again
     * when the copy is fetched), into `dir`, reporting progress.
     */
    async flagClip(exporter: Exporter, flagId: string, version: number | null, o: { dir: string; onProgress: (fraction: number) => void; alsoInTransaction: (trx: Db, row: RecordExportRow) => Promise<void> }): Promise<ExportedFile> {
      const flag = await repo.flagEvidence(flagId);
      if (!flag) throw new AppError('not_found', '');
      const sha256 = version === null ? flag.clip_sha256 : (await repo.clipVersion(flag.id, version))?.blob_sha256;
      if (!sha256) throw new AppError('not_found', 'no_clip');
      const owner = { agencyId: flag.agency_id, businessId: flag.business_id };
      return exportCopy(exporter, { kind: 'clip', record: { kind: 'flag_clip', id: flag.id, sha256, owner }, reference: flagReference(flag.id), name: `证据视频-${flag.id.slice(0, 8)}`, ...o });
    },

    /** A flag's snapshot, watermarked. */
    async flagSnapshot(caller: Caller, flagId: string): Promise<ExportedFile> {
      const { flag, owner, reference } = await flagFor(caller, flagId);
      if (!flag.snapshot_sha256) throw new AppError('not_found', 'no_picture');
      return exportCopy(caller, { kind: 'snapshot', record: { kind: 'flag_snapshot', id: flag.id, sha256: flag.snapshot_sha256, owner }, reference, name: `抓拍-${flag.id.slice(0, 8)}` });
    },

    /** An issued document's PDF (a given version, else the newest): a stamped copy naming where the original is verified. */
    async documentPdf(caller: Caller, documentId: string, version: number | undefined, title: (kind: string, templateVersion: number) => string): Promise<ExportedFile> {
      const owner = await access.require(caller, 'record.export', { kind: 'document', id: documentId });
      const v = await repo.documentVersion(documentId, version);
      if (!v) throw new AppError('not_found', '');
      const name = title(v.kind, v.template_version);
      return exportCopy(caller, {
        kind: 'pdf',
        record: { kind: 'document_pdf', id: v.id, sha256: v.pdf_sha256, owner },
        reference: { kind: 'document', value: v.number ?? `${name} 第${v.version}版` },
        name: `${name}${v.number ? `-${v.number}` : ''}-副本`,
        original: { verifyUrl: `${deps.publicBaseUrl.replace(/\/$/, '')}/verify/${v.public_ref}`, title: name },
      });
    },

    /** The exports a leaked copy may come from, within the caller's scope (newest first, at most 50). */
    async trace(caller: Caller, q: TraceQuery): Promise<RecordExportRow[]> {
      if (!q.exportId && !q.text && !q.sha256) throw new AppError('validation_failed', '', [{ path: ['exportId'], message: 'required', code: 'required' }]);
      return repo.trace(q, scopeOf(caller.user), 50);
    },
  };
}
export type ExportService = ReturnType<typeof createExportService>;
