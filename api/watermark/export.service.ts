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
import { actorOf, type Caller } from '../http/request-context.js';
import type { ExportRepository, RecordExportRow, TraceQuery } from './export.repository.js';

/** A watermarked copy ready to send: its file (removed by `dispose`), its name, its log row. */
export type ExportedFile = { file: string; name: string; mediaType: string; row: RecordExportRow; dispose: () => Promise<void> };

type RecordKind = RecordExportsTable['record_kind'];

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
    caller: Caller,
    input: {
      kind: WatermarkKind;
      record: { kind: RecordKind; id: string; sha256: string; owner: Pick<Owner, 'agencyId' | 'businessId'> };
      reference: WatermarkReference | null;
      name: string;
      original?: { verifyUrl: string | null; title: string };
      /** The original's bytes; read from the blob store when absent. */
      source?: Readable | string;
    },
  ): Promise<ExportedFile> {
    const exportId = newExportId();
    const at = new Date();
    const watermark = watermarkText({ viewerName: caller.user.displayName, account: caller.user.username, at, reference: input.reference, exportId });
    await mkdir(deps.workDir, { recursive: true, mode: 0o700 });
    const dir = await mkdtemp(path.join(deps.workDir, 'export-'));
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
        await appendLedger(trx, { actor: actorOf(caller.user), requestId: caller.requestId, action: 'record.exported', entityType: 'record_export', entityId: r.id, state: r, context: { recordKind: r.record_kind, recordId: r.record_id, ip: caller.ip } });
        return r;
      });
      return { file, name: `${input.name}-${exportId}.${ext}`, mediaType, row, dispose };
    } catch (err) {
      await dispose();
      throw err;
    }
  }

  async function flagFor(caller: Caller, flagId: string) {
    const owner = await access.require(caller, 'record.export', { kind: 'flag', id: flagId });
    const flag = await repo.flagEvidence(flagId);
    if (!flag) throw new AppError('not_found', '');
    return { flag, owner, reference: { kind: 'record' as const, value: `预警 ${flag.id.slice(0, 8)}` } };
  }

  return {
    exportCopy,

    /** A flag's evidence clip (a given version, else the newest), watermarked. */
    async flagClip(caller: Caller, flagId: string, version: number | undefined): Promise<ExportedFile> {
      const { flag, owner, reference } = await flagFor(caller, flagId);
      const sha256 = version === undefined ? flag.clip_sha256 : (await repo.clipVersion(flag.id, version))?.blob_sha256;
      if (!sha256) throw new AppError('not_found', 'no_clip');
      return exportCopy(caller, { kind: 'clip', record: { kind: 'flag_clip', id: flag.id, sha256, owner }, reference, name: `证据视频-${flag.id.slice(0, 8)}` });
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
