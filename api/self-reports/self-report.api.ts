import type { BlobStore } from '../../core/blob/blob-store.js';
import type { Db } from '../../core/db/connect.js';
import type { Logger } from '../../core/log.js';
import type { Notifier } from '../../core/notify/notifier.js';
import type { Access } from '../access/access.service.js';
import type { RecordReader } from '../records/record-reader.js';
import { createSelfReportRepository } from './self-report.repository.js';
import { selfReportRoutes } from './self-report.routes.js';
import { createSelfReportSigningService } from './self-report-signing.service.js';
import { createSelfReportService, type SelfReportHooks } from './self-report.service.js';

/** Self-inspection reports (issue 16 item 3): repository, services and routes, built once by api/app.ts. */
export function selfReportsApi(deps: { db: Db; access: Access; records: RecordReader; blobs: BlobStore; notifier: Notifier | null; log: Logger; hooks?: SelfReportHooks }) {
  const repo = createSelfReportRepository(deps.db);
  const reports = createSelfReportService({ db: deps.db, repo, access: deps.access, blobs: deps.blobs, log: deps.log, hooks: deps.hooks });
  const signing = createSelfReportSigningService({ db: deps.db, repo, reports, notifier: deps.notifier });
  return { repo, app: selfReportRoutes({ repo, reports, signing, records: deps.records, blobs: deps.blobs }) };
}
