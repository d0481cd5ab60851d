import type { BlobStore } from '../../core/blob/blob-store.js';
import type { Db } from '../../core/db/connect.js';
import type { DocumentService } from '../../core/documents/template.js';
import type { Access } from '../access/access.service.js';
import { createArchiveReads } from './archive-reads.js';
import { createCaseClosingService } from './case-closing.service.js';
import { createCaseFilingService } from './case-filing.service.js';
import { createCaseStageService } from './case-stage.service.js';
import { createCaseViews } from './case-views.js';
import { caseRoutes } from './case.routes.js';
import { createDocumentSettingsService } from './document-settings.service.js';

/** Cases (R7, R8, R10), mounted at /api: list, queues, filing, workspace, stages, clocks, payments, archive. */
export function casesApi(deps: { db: Db; access: Access; documents: DocumentService; blobs: BlobStore; now?: () => Date }) {
  const reads = createArchiveReads(deps.db);
  const filing = createCaseFilingService(deps);
  const stages = createCaseStageService(deps);
  const views = createCaseViews({ ...deps, reads });
  const settings = createDocumentSettingsService(deps);
  const closing = createCaseClosingService(deps);
  return { app: caseRoutes({ db: deps.db, access: deps.access, blobs: deps.blobs, filing, stages, views, settings, closing, reads }), filing, stages, views, settings, closing, reads };
}
