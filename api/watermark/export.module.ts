import os from 'node:os';
import path from 'node:path';
import type { BlobStore } from '../../core/blob/blob-store.js';
import type { Db } from '../../core/db/connect.js';
import type { EventBus } from '../../core/events.js';
import type { Logger } from '../../core/log.js';
import { createAccessRepository } from '../access/access.repository.js';
import { createAccess, type Access } from '../access/access.service.js';
import { cjkFontDir, CJK_REGULAR_FILE } from '../documents/pdf-fonts.js';
import { createClipExportJobs, type ClipExportEnqueue } from './clip-export-job.service.js';
import { createExportRepository } from './export.repository.js';
import { createExportService } from './export.service.js';

/**
 * The export module's parts, built alike by the HTTP app (api/app.ts: the routes) and by the api
 * process's queue (api/start.ts: the 'exports.clip' worker), which meet in record_export_jobs and
 * in `exportsDir`, where a finished clip copy waits for its requester.
 */
export function createExportModule(deps: {
  db: Db;
  access?: Access;
  blobs: BlobStore;
  ffmpegPath: string;
  publicBaseUrl: string;
  events: EventBus;
  /** DATA_DIR/exports in the platform; a folder of this process's in tests. */
  exportsDir?: string;
  enqueue: ClipExportEnqueue | null;
  log?: Logger;
}) {
  const access = deps.access ?? createAccess(createAccessRepository(deps.db));
  const repo = createExportRepository(deps.db);
  const exportsDir = deps.exportsDir ?? path.join(os.tmpdir(), `vigil-exports-${process.pid}`);
  // Snapshots and PDFs are made in the request, each in a folder of its own under work/, removed once sent.
  const exports = createExportService({ db: deps.db, access, repo, blobs: deps.blobs, fontFile: path.join(cjkFontDir(), CJK_REGULAR_FILE), ffmpegPath: deps.ffmpegPath, publicBaseUrl: deps.publicBaseUrl, workDir: path.join(exportsDir, 'work') });
  const clipJobs = createClipExportJobs({ db: deps.db, access, repo, exports, events: deps.events, exportsDir, enqueue: deps.enqueue, log: deps.log });
  return { exports, clipJobs };
}
