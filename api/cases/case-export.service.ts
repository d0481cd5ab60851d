import type { ArchiveReads } from './archive-reads.js';
import { closingRepository } from './closing.repository.js';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BlobStore } from '../../core/blob/blob-store.js';
import { BUNDLE_FORMAT, BUNDLE_PATHS, type Manifest, type ManifestFile } from '../../core/bundle/bundle-format.js';
import { bundlePage } from '../../core/bundle/bundle-page.js';
import { ZIP_LIMIT_BYTES, ZipStreamWriter, type Written } from '../../core/bundle/zip-writer.js';
import type { Db } from '../../core/db/connect.js';
import type { TemplateRegistry } from '../../core/documents/registry.js';
import { AppError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import { appendLedger } from '../../core/ledger/append.js';
import { canonicalJson, sha256 } from '../../core/ledger/canonical.js';
import { checkpointMessage, latestCheckpoint, type Checkpoint } from '../../core/ledger/checkpoint.js';
import { leafHash } from '../../core/ledger/leaf.js';
import { leafEntryOf } from '../../core/ledger/ledger-rows.js';
import { inclusionProofs } from '../../core/ledger/proof-batch.js';
import type { Access } from '../access/access.service.js';
import type { Caller } from '../http/request-context.js';
import { actorOf } from './case-trail.js';
import { caseExportRepository as repo, type ExportEntryRow } from './case-export.repository.js';
import { planCaseFile, type PlannedFile } from './case-export.plan.js';

/**
 * The self-verifying case file (issue 14 item 6): a zip streamed to the caller with every
 * document, the evidence media with their provenance, the case's ledger entries with inclusion
 * proofs to one signed checkpoint, the keys, a manifest of hashes and index.html
 * (core/bundle/bundle-format.ts). The entries must be in a checkpoint first: the service seals
 * (when this process runs the sealer) or waits for the sealer. The export is ledgered with the
 * manifest's hash once the manifest is written.
 */
export type LedgerSealing = { sealOnce(): Promise<number>; checkpointNow(): Promise<Checkpoint | null> };

export type CaseExportDeps = {
  db: Db;
  access: Access;
  blobs: BlobStore;
  templates?: TemplateRegistry;
  /** This process's sealer; without it (or when another process holds the sealer lock) the export waits for the sealer. */
  sealer?: LedgerSealing;
  /** How long to wait for the case's entries to be in a checkpoint (default 30 s). */
  sealWaitMs?: number;
  log?: Logger;
  /** The archive's read log: exporting an archived case file is a read of it (R10; 001 §24). */
  reads?: ArchiveReads;
  now?: () => Date;
};

export type CaseExport = { filename: string; stream: ZipStreamWriter['stream']; read: ExportRead | null };
/** The read log row of this export (api/records open()): written before the first byte, finished with the bytes sent. */
export type ExportRead = { id: string; finish: (bytes: number) => void };

export function createCaseExportService(deps: CaseExportDeps) {
  const now = deps.now ?? (() => new Date());

  /** The case's entries, every one chained and inside a signed checkpoint. */
  async function provenEntries(caseId: string, extra: { segmentIds: string[]; certificateIds: string[] }): Promise<{ rows: ExportEntryRow[]; cp: Checkpoint }> {
    const deadline = Date.now() + (deps.sealWaitMs ?? 30_000);
    for (;;) {
      const rows = await repo.entries(deps.db, caseId, extra);
      if (rows.every((r) => r.seq !== null)) {
        const top = rows.reduce((m, r) => Math.max(m, Number(r.seq)), 0);
        const cp = await latestCheckpoint(deps.db);
        if (cp && cp.treeSize >= top) return { rows, cp };
      }
      if (Date.now() > deadline) throw new AppError('unavailable', 'case.export_ledger_behind');
      // Seal now where this process holds the sealer lock; otherwise the sealer elsewhere catches up.
      let signed: Checkpoint | null = null;
      if (deps.sealer) {
        await deps.sealer.sealOnce();
        signed = await deps.sealer.checkpointNow();
      }
      if (!signed) await sleep(200);
    }
  }

  /** The entry that recorded a file's hash: the first of its entity whose state or context holds it. */
  function anchorOf(byEntity: Map<string, ExportEntryRow[]>, f: PlannedFile, hash: string): string | undefined {
    if (!f.anchor) return undefined;
    const mine = byEntity.get(`${f.anchor.entityType}:${f.anchor.entityId}`) ?? [];
    return (mine.find((r) => (r.state_text ?? '').includes(hash) || canonicalJson(r.context).includes(hash)) ?? mine[0])?.id;
  }

  return {
    /** `open` logs the read (api/records) once every check has passed, before a byte is written. */
    async export(caller: Caller, caseId: string, opts: { open?: () => Promise<ExportRead> } = {}): Promise<CaseExport> {
      await deps.access.require(caller, 'case.export', { kind: 'case', id: caseId });
      const head = await repo.header(deps.db, caseId);
      if (!head) throw new AppError('not_found', '');
      // An archived case file is read only with its read logged, before a byte leaves (archive-reads.ts).
      if (deps.reads && (await closingRepository.isArchived(deps.db, caseId))) await deps.reads.log(caller, caseId, 'export');
      const plan = await planCaseFile(deps.db, caseId, deps.templates);

      // Bytes the case names but the store lacks are named in the manifest, not silently left out.
      const absent: Manifest['absent'] = [];
      const files: (PlannedFile & { size: number })[] = [];
      for (const f of plan.files) {
        if (!('blob' in f)) {
          files.push({ ...f, size: Buffer.byteLength(f.bytes) });
          continue;
        }
        const st = await deps.blobs.stat(f.blob);
        if (st) files.push({ ...f, size: st.size });
        else absent.push({ what: `${f.path}（${f.title ?? ''}）`, sha256: f.blob, reason: 'not in the blob store (purged or lost): see the ledger for its deletion record' });
      }
      if (files.reduce((n, f) => n + f.size, 0) > ZIP_LIMIT_BYTES) throw new AppError('conflict', 'case.export_too_large');

      const { rows, cp } = await provenEntries(caseId, plan);
      // The key that signed this checkpoint (keys are registered once and kept: an older checkpoint keeps its key).
      const publicKeyPem = await repo.ledgerKey(deps.db, cp.keyId);
      if (!publicKeyPem) throw new Error(`ledger key ${cp.keyId} of checkpoint ${cp.treeSize} is not registered`);
      const proofs = await inclusionProofs(
        deps.db,
        rows.map((r) => ({ entryId: r.id, seq: Number(r.seq), leafHash: leafHash(leafEntryOf(r)) })),
        cp.treeSize,
        cp.rootHash,
      );
      const byEntity = new Map<string, ExportEntryRow[]>();
      for (const r of rows) {
        const key = `${r.entity_type}:${r.entity_id}`;
        const list = byEntity.get(key);
        if (list) list.push(r);
        else byEntity.set(key, [r]);
      }
      const read = opts.open ? await opts.open() : null;
      const at = now();
      const zip = new ZipStreamWriter();
      const written: (Written & { meta: PlannedFile })[] = [];

      const produce = async () => {
        for (const f of files) {
          const w = 'blob' in f ? await zip.addStream(f.path, await deps.blobs.get(f.blob)) : await zip.addBytes(f.path, f.bytes);
          written.push({ ...w, meta: f });
        }
        const ledgerFiles: [PlannedFile, string][] = [
          [{ path: BUNDLE_PATHS.entries, role: 'ledger', title: '本案区块账本记录', bytes: '' }, rows.map((r) => `${canonicalJson(bundleEntry(r))}\n`).join('')],
          [{ path: BUNDLE_PATHS.proofs, role: 'ledger', title: '每条记录至签名检查点的包含证明', bytes: '' }, `${JSON.stringify({ treeSize: cp.treeSize, rootHash: cp.rootHash.toString('hex'), proofs })}\n`],
          [{ path: BUNDLE_PATHS.checkpoint, role: 'ledger', title: '账本签名检查点', bytes: '' }, `${JSON.stringify(checkpointFile(cp), null, 2)}\n`],
          [{ path: BUNDLE_PATHS.ledgerKey, role: 'key', title: '账本签名公钥（Ed25519）', bytes: '' }, publicKeyPem],
          [{ path: BUNDLE_PATHS.page, role: 'page', title: '离线核验页面', bytes: '' }, bundlePage()],
        ];
        for (const [meta, text] of ledgerFiles) written.push({ ...(await zip.addBytes(meta.path, text)), meta });

        const manifest: Manifest = {
          format: BUNDLE_FORMAT,
          case: {
            id: head.id,
            number: plan.caseNumber,
            matter: head.cause,
            party: { name: head.party_name, creditCode: head.credit_code ?? null, address: head.address ?? null },
            agency: head.agency_name,
            state: head.state,
            acceptedAt: head.accepted_at.toISOString(),
            closedAt: head.closed_at ? head.closed_at.toISOString() : null,
          },
          exportedBy: { id: caller.user.id, name: caller.user.displayName, role: caller.user.role },
          exportedAt: at.toISOString(),
          ledger: { keyId: cp.keyId, treeSize: cp.treeSize, entries: rows.length },
          files: written.map((w) => manifestLine(w, anchorOf(byEntity, w.meta, w.sha256))),
          absent,
        };
        const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
        await zip.addBytes(BUNDLE_PATHS.manifest, manifestText);
        // Who exported what, when: the manifest's hash names every byte of the bundle.
        await appendLedger(deps.db, {
          actor: actorOf(caller),
          requestId: caller.requestId,
          action: 'case.exported',
          entityType: 'case',
          entityId: caseId,
          state: null,
          context: { manifestSha256: sha256(manifestText).toString('hex'), files: written.length + 1, bytes: written.reduce((n, w) => n + w.size, 0), treeSize: cp.treeSize, entries: rows.length, absent: absent.length, ip: caller.ip },
        });
        zip.end();
      };
      produce().catch((err: unknown) => {
        deps.log?.warn({ err, caseId }, zip.aborted ? 'case export cancelled by the reader' : 'case export failed');
        zip.fail(err instanceof Error ? err : new Error(String(err)));
      });
      return { filename: `case-${(plan.caseNumber ?? head.id).replace(/[^\p{L}\p{N}〔〕-]+/gu, '_')}.zip`, stream: zip.stream, read };
    },
  };
}
export type CaseExportService = ReturnType<typeof createCaseExportService>;

function bundleEntry(r: ExportEntryRow) {
  const e = leafEntryOf(r);
  return { seq: Number(r.seq), id: e.id, recordedAt: e.recordedAt, actorType: e.actorType, actorId: e.actorId, action: e.action, entityType: e.entityType, entityId: e.entityId, stateDigest: e.stateDigest.toString('hex'), requestId: e.requestId, context: e.context ?? null, state: r.state_text };
}

function checkpointFile(cp: Checkpoint) {
  return {
    format: 'vigil-ledger-checkpoint/v1',
    treeSize: cp.treeSize,
    rootHash: cp.rootHash.toString('hex'),
    chainHash: cp.chainHash.toString('hex'),
    signedAt: cp.signedAt.toISOString(),
    keyId: cp.keyId,
    signature: cp.signature.toString('hex'),
    signedText: checkpointMessage(cp).toString('utf8'),
  };
}

function manifestLine(w: Written & { meta: PlannedFile }, entryId: string | undefined): ManifestFile {
  const m = w.meta;
  return {
    path: w.path,
    size: w.size,
    sha256: w.sha256,
    role: m.role,
    ...(m.title ? { title: m.title } : {}),
    ...(entryId ? { entryId } : {}),
    ...(m.documentId ? { documentId: m.documentId, version: m.version } : {}),
    ...(m.mediaType ? { mediaType: m.mediaType } : {}),
  };
}
