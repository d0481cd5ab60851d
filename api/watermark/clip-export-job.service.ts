import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../../core/db/connect.js';
import { AppError } from '../../core/errors.js';
import type { EventBus, ServerEvents } from '../../core/events.js';
import { appendLedger } from '../../core/ledger/append.js';
import type { Logger } from '../../core/log.js';
import type { Access } from '../access/access.service.js';
import type { Caller } from '../http/request-context.js';
import type { ExportJobRow, ExportRepository } from './export.repository.js';
import type { ExportedFile, ExportService } from './export.service.js';

/** Queues the 'exports.clip' job of a row, in the transaction that writes the row. */
export type ClipExportEnqueue = (trx: Db, jobId: string, correlationId: string) => Promise<unknown>;

export type ClipExportJobDeps = {
  db: Db;
  access: Access;
  repo: ExportRepository;
  exports: ExportService;
  events: EventBus;
  /** Where finished copies wait for their requester (DATA_DIR/exports): one folder per job. */
  exportsDir: string;
  /** Absent where no queue runs (then a clip export is refused as unavailable). */
  enqueue: ClipExportEnqueue | null;
  log?: Logger;
  /** How long an unfetched copy is kept (24 h). */
  keepMs?: number;
};

const MAX_ERROR = 500;

/**
 * Clip exports in the background (issue 15 item 3). Re-encoding a clip with the watermark takes
 * seconds of both cores (bench/watermark-clip.bench.ts), too long for a request: POST checks
 * access and queues an 'exports.clip' job (answering 202 with the job's id); the job — one at a
 * time per api process — makes the copy, reporting ffmpeg's progress on the row and to the
 * requester's sockets ('export:changed'), then writes the export log row, its ledger entry and
 * 'done' in one transaction, as every copy is logged. Only the requester fetches the copy, and
 * access is decided again then. A failure is kept with its reason; a job a stopped process left
 * running is failed at the next start (never a stuck 'running'); the folder of a copy goes once
 * it has been fetched whole, or after `keepMs`.
 */
export function createClipExportJobs(deps: ClipExportJobDeps) {
  const { db, repo, events } = deps;
  const keepMs = deps.keepMs ?? 24 * 3600_000;
  const dirOf = (jobId: string) => path.join(deps.exportsDir, 'jobs', jobId);
  const emit = (r: ExportJobRow) =>
    events.emit('export:changed', { id: r.id, userId: r.requested_by, status: r.status, percent: r.percent, exportId: r.export_id, error: r.error } satisfies ServerEvents['export:changed']);

  async function fail(jobId: string, reason: string, requestId: string | null) {
    const error = reason.length > MAX_ERROR ? `${reason.slice(0, MAX_ERROR - 1)}…` : reason;
    const row = await db.transaction().execute(async (trx) => {
      const r = await repo.failJob(trx, jobId, error);
      if (r) await appendLedger(trx, { actor: { type: 'user', id: r.requested_by }, requestId, action: 'record.export_failed', entityType: 'record_export_job', entityId: r.id, state: r, context: { recordKind: r.record_kind, recordId: r.record_id, error } });
      return r;
    });
    await rm(dirOf(jobId), { recursive: true, force: true });
    if (row) emit(row);
    return row;
  }

  /** Removes copies nobody fetched within keepMs. */
  async function sweep() {
    const root = path.join(deps.exportsDir, 'jobs');
    const names = await readdir(root).catch(() => [] as string[]);
    for (const name of names) {
      const s = await stat(path.join(root, name)).catch(() => null);
      if (s && Date.now() - s.mtimeMs > keepMs) await rm(path.join(root, name), { recursive: true, force: true });
    }
  }

  return {
    /** POST: may the caller export this clip? Then the row, its ledger entry and its job, in one transaction. */
    async request(caller: Caller, flagId: string, version: number | undefined): Promise<ExportJobRow> {
      await deps.exports.checkFlagClip(caller, flagId, version);
      const enqueue = deps.enqueue;
      if (!enqueue) throw new AppError('unavailable', '');
      const row = await db.transaction().execute(async (trx) => {
        const r = await repo.insertJob(trx, { requested_by: caller.user.id, record_kind: 'flag_clip', record_id: flagId, version: version ?? null, grant_id: null, ip: caller.ip, request_id: caller.requestId });
        await appendLedger(trx, { actor: { type: 'user', id: caller.user.id }, requestId: caller.requestId, action: 'record.export_queued', entityType: 'record_export_job', entityId: r.id, state: r, context: { recordKind: r.record_kind, recordId: r.record_id, ip: caller.ip } });
        await enqueue(trx, r.id, caller.requestId);
        return r;
      });
      emit(row);
      return row;
    },

    /** The 'exports.clip' job: makes the copy once (a job found not queued is left as it is). */
    async run(jobId: string, correlationId?: string): Promise<void> {
      const job = await db.transaction().execute((trx) => repo.startJob(trx, jobId));
      if (!job) return;
      emit(job);
      const requestId = job.request_id ?? correlationId ?? null;
      const dir = dirOf(job.id);
      try {
        const user = await repo.requester(job.requested_by);
        if (!user || user.status !== 'active') throw new Error('the requester\'s account is no longer active');
        await rm(dir, { recursive: true, force: true });
        await mkdir(dir, { recursive: true, mode: 0o700 });
        let shown = 0;
        let writing: Promise<unknown> = Promise.resolve();
        const onProgress = (f: number) => {
          const percent = Math.min(99, Math.floor(f * 100)); // 100 only with the log row written
          if (percent <= shown) return;
          shown = percent;
          writing = writing.then(() => repo.setPercent(job.id, percent)).then(
            () => emit({ ...job, percent }),
            (err: unknown) => deps.log?.warn({ err, jobId: job.id }, 'could not record an export\'s progress'),
          );
        };
        let done: ExportJobRow | undefined;
        await deps.exports.flagClip({ user: { id: user.id, displayName: user.display_name, username: user.username }, requestId: requestId ?? job.id, ip: job.ip }, job.record_id, job.version, {
          dir,
          onProgress,
          alsoInTransaction: async (trx, exported) => {
            await writing;
            done = await repo.finishJob(trx, job.id, exported.id);
            // Failed meanwhile (a restart's recovery): no copy, no log row.
            if (!done) throw new Error('the export job was ended while its copy was made');
          },
        });
        if (done) emit(done);
      } catch (err) {
        deps.log?.warn({ err, jobId: job.id }, 'clip export failed');
        await fail(job.id, err instanceof AppError ? `${err.code}${err.message ? `: ${err.message}` : ''}` : (err as Error).message, requestId);
      } finally {
        await sweep().catch(() => {});
      }
    },

    /** GET: the job's state, for its requester only. */
    async status(caller: Caller, jobId: string): Promise<ExportJobRow> {
      const job = await repo.job(jobId);
      if (!job) throw new AppError('not_found', '');
      if (job.requested_by !== caller.user.id) throw new AppError('forbidden', '');
      return job;
    },

    /** GET: the finished copy, for its requester, who may still export the record (and whose grant, if one, still holds). */
    async file(caller: Caller, jobId: string): Promise<ExportedFile> {
      const job = await this.status(caller, jobId);
      await deps.access.require(caller, 'record.export', { kind: 'flag', id: job.record_id });
      if (job.grant_id) await deps.access.requireGrant(caller, job.grant_id);
      if (job.status !== 'done' || !job.export_id) throw new AppError('conflict', 'export.not_ready');
      const row = await repo.exportOf(job.export_id);
      const file = path.join(dirOf(job.id), 'copy.mp4');
      const there = await stat(file).catch(() => null);
      if (!row || !there) throw new AppError('not_found', 'export.gone');
      return { file, name: `证据视频-${job.record_id.slice(0, 8)}-${row.id}.mp4`, mediaType: row.media_type, row, dispose: () => rm(dirOf(job.id), { recursive: true, force: true }) };
    },

    /** At start: jobs a stopped process left running are failed with the reason; old copies go. */
    async recover(): Promise<string[]> {
      const stuck = await repo.running();
      for (const { id } of stuck) await fail(id, 'interrupted: the platform restarted while the copy was being made; export again', null);
      await sweep();
      return stuck.map((s) => s.id);
    },
  };
}
export type ClipExportJobs = ReturnType<typeof createClipExportJobs>;
